import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { auth, loginAs, reporterSession, TEST_TOWN, testApp } from '../test/app.js';
import { exifHasGps, FIXTURE_CAMERA, phonePhoto, plainImage, pngBomb } from './test/photos.js';

/**
 * Photos end to end through the real server: uploads re-encoded with no metadata left, hostile files refused with a
 * 4xx and nothing stored, photos attached at intake and at handle, and read back only by those who may.
 */
let app: FastifyInstance;
let mediaDir: string;
let clock = Date.parse('2026-03-01T08:00:00Z');
let cell: string;
let gps: Buffer;

beforeAll(async () => {
  mediaDir = mkdtempSync(join(tmpdir(), 'moshao-media-test-'));
  app = await testApp({ mediaDir, authNow: () => clock });
  cell = app.moshao.db.prepare('SELECT id FROM grid_cells WHERE id LIKE ? ORDER BY id LIMIT 1').pluck().get(`${TEST_TOWN}%`) as string;
  gps = await phonePhoto(800, 600);
});
afterAll(async () => {
  await app.close();
  rmSync(mediaDir, { recursive: true, force: true });
});

const BOUNDARY = 'moshao-test-boundary';
/** A multipart/form-data body with one file part, as a phone's browser sends it. */
function multipart(bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg', field = 'file') {
  const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}
const upload = (bytes: Buffer, headers: Record<string, string> = auth, filename?: string, type?: string) => {
  const m = multipart(bytes, filename, type);
  return app.inject({ method: 'POST', url: '/api/media', headers: { ...headers, ...m.headers }, payload: m.payload });
};
const getMedia = (id: string, headers: Record<string, string> = {}, size = 'full') => app.inject({ url: `/api/media/${id}?size=${size}`, headers });
const mediaRows = () => app.moshao.db.prepare('SELECT count(*) FROM media').pluck().get() as number;
const storedFiles = (): string[] => readdirSync(mediaDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);
const fileTicket = (photos: string[], headers: Record<string, string> = auth) => app.inject({
  method: 'POST', url: '/api/tickets', headers,
  payload: { category: 'lamp', title: '路灯不亮', channel: 'mini_program', reporterRole: 'resident', gridId: cell, photos },
});

describe('POST /api/media', () => {
  it('re-encodes a phone photo upright with no EXIF, GPS, camera, XMP or ICC left, in a 1600 px copy and a 320 px thumbnail', async () => {
    const before = await sharp(gps).metadata();
    // The fixture is what it claims: GPS and a camera inside, lying on its side (orientation 6).
    expect(exifHasGps(before.exif)).toBe(true);
    expect(gps.includes(FIXTURE_CAMERA)).toBe(true);
    expect(before.orientation).toBe(6);

    const res = await upload(gps);
    expect(res.statusCode, res.body).toBe(201);
    const stored = res.json();
    expect(stored).toMatchObject({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), width: 600, height: 800 });
    for (const size of ['full', 'thumb']) {
      const back = await getMedia(stored.id, auth, size);
      expect(back.statusCode).toBe(200);
      expect(back.headers['content-type']).toBe('image/jpeg');
      expect(back.headers['cache-control']).toBe('private, no-store');
      const meta = await sharp(back.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'jpeg', width: size === 'full' ? 600 : 240, height: size === 'full' ? 800 : 320 });
      expect([meta.exif, meta.xmp, meta.icc, meta.iptc, meta.orientation]).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(exifHasGps(meta.exif)).toBe(false);
      expect(back.rawPayload.includes(FIXTURE_CAMERA)).toBe(false);
      expect(back.rawPayload.includes('Exif')).toBe(false);
    }
    expect(stored.bytes).toBe((await getMedia(stored.id, auth)).rawPayload.length);
  });

  it('takes PNG and WebP by their content, whatever their name says', async () => {
    const png = await upload(await plainImage('png'), auth, 'x.bin', 'application/octet-stream');
    expect(png.statusCode, png.body).toBe(201);
    const webp = await upload(await plainImage('webp'), auth, 'x.jpg', 'image/jpeg');
    expect(webp.statusCode, webp.body).toBe(201);
  });

  it.each([
    ['a 50,000 x 50,000 PNG (a decompression bomb)', async () => pngBomb(), 'x.png', 422, 'too_many_pixels'],
    ['a truncated JPEG', async () => (await phonePhoto(640, 480)).subarray(0, 20_000), 'x.jpg', 422, 'unreadable_image'],
    ['a script renamed .jpg', async () => Buffer.from('#!/bin/sh\nrm -rf / --no-preserve-root\n'), 'photo.jpg', 415, 'unsupported_image'],
    ['an SVG', async () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'), 'x.svg', 415, 'unsupported_image'],
    ['a GIF', async () => plainImage('jpeg').then(() => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')), 'x.gif', 415, 'unsupported_image'],
    ['30 MB', async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(30 * 1024 * 1024, 7)]), 'big.jpg', 413, 'too_large'],
    // A whole photo in its first 10 MB, then 20 MB more: refused for its size, never stored as the photo it starts with.
    ['a photo padded to 30 MB', async () => { const p = await phonePhoto(640, 480); return Buffer.concat([p, Buffer.alloc(30 * 1024 * 1024 - p.length, 1)]); }, 'big.jpg', 413, 'too_large'],
  ])('refuses %s with a clear 4xx and stores nothing', async (_what, make, filename, status, code) => {
    const rows = mediaRows();
    const files = storedFiles().length;
    const res = await upload(await make(), auth, filename);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json()).toMatchObject({ error: code, field: 'file', message: expect.stringMatching(/nothing was stored/i) });
    expect(mediaRows()).toBe(rows);
    expect(storedFiles()).toHaveLength(files);
  });

  it('refuses a body that is not multipart, or a part not named "file"', async () => {
    const json = await app.inject({ method: 'POST', url: '/api/media', headers: auth, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const m = multipart(await plainImage('png'), 'x.png', 'image/png', 'photo');
    const wrong = await app.inject({ method: 'POST', url: '/api/media', headers: { ...auth, ...m.headers }, payload: m.payload });
    expect(wrong.json()).toMatchObject({ error: 'missing_file', field: 'file' });
  });

  it('takes residents anonymously within a budget per address; refuses a viewer, and a session without its CSRF token', async () => {
    const png = await plainImage('png', 16, 16);
    const answers: number[] = [];
    for (let i = 0; i < 13; i++) answers.push((await upload(png, {})).statusCode);
    expect(answers.slice(0, 12)).toEqual(Array(12).fill(201));
    expect(answers[12]).toBe(429);
    expect((await upload(png, await loginAs(app, 'viewer'))).statusCode).toBe(403);
    const { cookie } = await loginAs(app, 'town');
    expect((await upload(png, { cookie })).json().error).toBe('csrf_invalid');
    expect((await upload(png, await loginAs(app, 'town'))).statusCode).toBe(201);
    clock += 60_000; // the anonymous budget refills for later tests
  });
});

describe('who sees a photo', () => {
  let before: string;
  let ticketId: number;

  beforeAll(async () => {
    before = (await upload(gps)).json().id;
  });

  it('shows an unattached photo to its uploader alone; to everyone else it does not exist', async () => {
    expect((await getMedia(before, auth)).statusCode).toBe(200);
    for (const headers of [{}, await loginAs(app, 'town'), await loginAs(app, 'admin')]) {
      const res = await getMedia(before, headers);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/json/);
    }
    expect((await getMedia('AAAAAAAAAAAAAAAAAAAAAA', auth)).statusCode).toBe(404);
    expect((await getMedia('..%2F..%2Fetc%2Fpasswd', auth)).statusCode).toBe(400);
  });

  it('attaches the report\'s photos at intake; readers in scope and the reporter see them, nobody else', async () => {
    const res = await fileTicket([before]);
    expect(res.statusCode, res.body).toBe(201);
    ticketId = res.json().id;
    const town = await loginAs(app, 'town');
    const detail = (await app.inject({ url: `/api/tickets/${ticketId}`, headers: town })).json();
    expect(detail.photos).toEqual([{ id: before, stage: 'before' }]);
    const page = (await app.inject({ url: `/api/drill/tickets/${ticketId}`, headers: town })).json();
    expect(page.photos).toEqual([{ id: before, stage: 'before' }]);
    // The public projection names no photo at all.
    const anonymous = await app.inject({ url: `/api/tickets/${ticketId}` });
    expect(anonymous.json().photos).toBeUndefined();
    expect(anonymous.body).not.toContain(before);
    for (const headers of [town, await loginAs(app, 'viewer'), await loginAs(app, 'admin'), auth]) {
      expect((await getMedia(before, headers, 'thumb')).statusCode).toBe(200);
    }
    for (const headers of [{}, await loginAs(app, 'other-town')]) expect((await getMedia(before, headers, 'thumb')).statusCode).toBe(404);
  });

  it('refuses photos that are not the caller\'s to attach, and then files nothing', async () => {
    const count = () => app.moshao.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
    const tickets = count();
    expect((await fileTicket([before])).json()).toMatchObject({ error: 'photo_attached', field: 'photos' });
    const theirs = (await upload(gps, await loginAs(app, 'town'))).json().id;
    expect((await fileTicket([theirs])).json()).toMatchObject({ error: 'unknown_photo', field: 'photos' });
    expect((await fileTicket(['not-an-id'])).statusCode).toBe(400);
    expect(count()).toBe(tickets);
  });

  it('takes 处置后 photos at handle only, and requires one where the category says so', async () => {
    const town = await loginAs(app, 'town');
    const act = (action: string, extra: object = {}) =>
      app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/transitions`, headers: town, payload: { action, ...extra } });
    const after = (await upload(gps, town)).json().id;
    expect((await act('accept', { photos: [after] })).json()).toMatchObject({ error: 'photos_not_allowed', field: 'photos' });
    for (const a of ['accept', 'dispatch', 'start']) expect((await act(a)).statusCode).toBe(200);
    app.moshao.db.prepare("UPDATE categories SET requires_after_photo = 1 WHERE code = 'lamp'").run();
    const refused = await act('handle');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'after_photo_required', field: 'photos' });
    expect((await act('handle', { photos: [after] })).statusCode).toBe(200);
    app.moshao.db.prepare("UPDATE categories SET requires_after_photo = 0 WHERE code = 'lamp'").run();
    const page = (await app.inject({ url: `/api/drill/tickets/${ticketId}`, headers: town })).json();
    expect(page.photos).toEqual([{ id: before, stage: 'before' }, { id: after, stage: 'after' }]);
    // The reporter (here the intake token that filed it with its photo) sees the 处置后 photo too; another town does not.
    expect((await getMedia(after, auth, 'thumb')).statusCode).toBe(200);
    expect((await getMedia(after, await loginAs(app, 'other-town'), 'thumb')).statusCode).toBe(404);
  });

  it('takes a reporter account that filed the ticket as its reporter (who may see its photos, the 处置后 ones too); never a supervisor or a token', async () => {
    const db = app.moshao.db;
    const staff = db.prepare("SELECT id, grid_id AS gridId FROM staff WHERE role = 'info_officer' ORDER BY id LIMIT 1").get() as { id: string; gridId: string };
    const reporter = await reporterSession(app, staff.id);
    const filed = await app.inject({
      method: 'POST', url: '/api/tickets', headers: reporter,
      payload: { category: 'lamp', title: '路灯不亮', channel: 'info_officer', reporterRole: 'info_officer', gridId: staff.gridId },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const id = filed.json().id as number;
    const accountId = db.prepare('SELECT id FROM accounts WHERE staff_id = ?').pluck().get(staff.id) as number;
    expect(app.moshao.media.isReporterOf(id, `account:${accountId}`)).toBe(true);
    expect(app.moshao.media.isReporterOf(id, 'account:1')).toBe(false);
    const byAdmin = (await fileTicket([], await loginAs(app, 'admin'))).json().id as number;
    const byToken = (await fileTicket([])).json().id as number;
    expect(db.prepare('SELECT count(*) FROM ticket_reporters WHERE ticket_id IN (?, ?)').pluck().get(byAdmin, byToken)).toBe(0);
  });
});

describe('cleanup', () => {
  it('deletes photos nobody attached within 24 hours, rows and files, and keeps attached ones', async () => {
    const left = (await upload(await plainImage('png', 64, 48))).json().id;
    const row = (id: string) => app.moshao.db.prepare('SELECT sha256, ticket_id AS ticketId FROM media WHERE id = ?').get(id) as { sha256: string; ticketId: number | null } | undefined;
    const sha = row(left)!.sha256;
    const attachedBefore = app.moshao.db.prepare('SELECT count(*) FROM media WHERE ticket_id IS NOT NULL').pluck().get() as number;
    clock += 23 * 3600_000;
    await app.moshao.media.cleanup();
    expect(row(left)).toBeDefined();
    clock += 2 * 3600_000;
    expect(await app.moshao.media.cleanup()).toBeGreaterThan(0);
    expect(row(left)).toBeUndefined();
    expect(storedFiles().filter((f) => f.startsWith(sha))).toEqual([]);
    expect(app.moshao.db.prepare('SELECT count(*) FROM media WHERE ticket_id IS NULL').pluck().get()).toBe(0);
    expect(app.moshao.db.prepare('SELECT count(*) FROM media WHERE ticket_id IS NOT NULL').pluck().get()).toBe(attachedBefore);
    // The sessions of the tests above have run out by now: the attached photos' files are looked at on disk.
    const kept = app.moshao.db.prepare('SELECT sha256 FROM media WHERE ticket_id IS NOT NULL').pluck().all() as string[];
    for (const k of kept) expect(storedFiles().filter((f) => f.startsWith(k)).sort()).toEqual([`${k}.full.jpg`, `${k}.thumb.jpg`]);
  });
});
