import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT_CODE } from '../../shared/constants.js';
import type { ReportFiles } from '../../shared/schemas/report-files.js';
import { createReportFileStore } from '../reports-schedule/file-store.js';
import { auth, loginAs, OTHER_TOWN, TEST_TOWN, testApp, type TestRole } from '../test/app.js';

/** The demo stands on a summer noon: June 2023 has happened, so the monthly run owes June. */
const CLOCK = Date.parse('2023-07-01T12:00:00+08:00');

let app: FastifyInstance;
let dir: string;
const get = async (url: string, role?: TestRole) => app.inject({ method: 'GET', url, headers: role ? await loginAs(app, role) : {} });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-kept-'));
  app = await testApp({ replayFrom: { at: CLOCK, always: true }, reports: { dir } });
  const store = createReportFileStore(dir);
  await store.write({ scope: DISTRICT_CODE, month: '2023-05', format: 'pdf' }, Buffer.from('%PDF-district'));
  await store.write({ scope: TEST_TOWN, month: '2023-05', format: 'pdf' }, Buffer.from('%PDF-town'));
  await store.write({ scope: OTHER_TOWN, month: '2023-05', format: 'xlsx' }, Buffer.from('PK-other'));
}, 120_000);
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const listed = (body: ReportFiles) => body.items.map((f) => `${f.scope}/${f.month}.${f.format}`);

describe('GET /api/reports/files', () => {
  it('lists the district\'s and every town\'s files for the district, with names, sizes and download URLs', async () => {
    const res = await get('/api/reports/files', 'district');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as ReportFiles;
    expect(listed(body).sort()).toEqual([`${DISTRICT_CODE}/2023-05.pdf`, `${OTHER_TOWN}/2023-05.xlsx`, `${TEST_TOWN}/2023-05.pdf`].sort());
    const town = body.items.find((f) => f.scope === TEST_TOWN)!;
    expect(town).toMatchObject({ scopeName: '丁卯街道', month: '2023-05', format: 'pdf', bytes: 9, url: `/api/reports/files/${TEST_TOWN}/2023-05.pdf` });
    expect(Number.isNaN(Date.parse(town.createdAt))).toBe(false);
  });

  it('gives a town supervisor its own town\'s files, and refuses the district and other towns', async () => {
    expect(listed((await get('/api/reports/files', 'town')).json())).toEqual([`${TEST_TOWN}/2023-05.pdf`]);
    expect((await get(`/api/reports/files?scope=${DISTRICT_CODE}`, 'town')).statusCode).toBe(403);
    expect((await get(`/api/reports/files?scope=${OTHER_TOWN}`, 'town')).statusCode).toBe(403);
  });

  it('refuses without a login (401), with the intake token (403), and an unknown scope (404 naming scope)', async () => {
    expect((await get('/api/reports/files')).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/reports/files', headers: auth })).statusCode).toBe(403);
    const unknown = await get('/api/reports/files?scope=321171999', 'district');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: 'unknown_scope', field: 'scope' });
  });
});

describe('GET /api/reports/files/:scope/:file', () => {
  it('sends the file with its Chinese name in RFC 5987 form; a viewer may download, and the download is audited', async () => {
    const res = await get(`/api/reports/files/${TEST_TOWN}/2023-05.pdf`, 'viewer');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toBe('%PDF-town');
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="moshao-monthly-${TEST_TOWN}-2023-05.pdf"; filename*=UTF-8''${encodeURIComponent('考核月报-丁卯街道-2023-05.pdf')}`);
    const audit = (await get('/api/audit?action=report.download&limit=200', 'admin')).json().items as { actorName: string; target: string; detail: Record<string, unknown> }[];
    expect(audit.some((e) => e.actorName === 'viewer' && e.target === `scope:${TEST_TOWN}` && e.detail.month === '2023-05' && e.detail.kept === true)).toBe(true);
  });

  it('keeps a town supervisor to its town: 403 for the district\'s and another town\'s files, before the disk is asked', async () => {
    expect((await get(`/api/reports/files/${TEST_TOWN}/2023-05.pdf`, 'town')).statusCode).toBe(200);
    expect((await get(`/api/reports/files/${DISTRICT_CODE}/2023-05.pdf`, 'town')).statusCode).toBe(403);
    expect((await get(`/api/reports/files/${OTHER_TOWN}/2023-05.xlsx`, 'town')).statusCode).toBe(403);
    expect((await get(`/api/reports/files/${OTHER_TOWN}/2023-05.xlsx`)).statusCode).toBe(401);
  });

  it('answers 404 naming the file for a month not kept, and 400 for names off the grammar (no way out of the folder)', async () => {
    writeFileSync(join(dir, '..', 'moshao-outside.pdf'), 'secret');
    try {
      const missing = await get(`/api/reports/files/${TEST_TOWN}/2023-04.pdf`, 'district');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ error: 'file_not_found', field: 'file' });
      for (const url of [
        `/api/reports/files/${TEST_TOWN}/..%2Fmoshao-outside.pdf`, '/api/reports/files/..%2F..%2Ftmp/2023-05.pdf', `/api/reports/files/${TEST_TOWN}/2023-05.exe`,
        `/api/reports/files/${TEST_TOWN}/.2023-05.pdf.tmp`, `/api/reports/files/${TEST_TOWN}001-01/2023-05.pdf`,
      ]) {
        const res = await get(url, 'district');
        expect([400, 404], url).toContain(res.statusCode);
        expect(res.body).not.toContain('secret');
      }
      expect((await get(`/api/reports/files/${TEST_TOWN}/2023-05.exe`, 'district')).json()).toMatchObject({ field: 'file' });
    } finally {
      rmSync(join(dir, '..', 'moshao-outside.pdf'), { force: true });
    }
  });
});

describe('the monthly run on a real app', () => {
  it('makes the due month\'s workbooks for the district and each town and lists them (the PDFs need a listening server)', async () => {
    const run = await app.moshao.reportSchedule!.runDue();
    expect(run?.month).toBe('2023-06');
    const workbooks = run!.made.filter((k) => k.format === 'xlsx').map((k) => k.scope);
    expect(workbooks[0]).toBe(DISTRICT_CODE);
    expect(workbooks).toContain(TEST_TOWN);
    expect(workbooks).toContain(OTHER_TOWN);
    // Not listening (inject only): each print fails with the reason, the workbooks are made all the same.
    expect(run!.failed.every((f) => f.key.format === 'pdf')).toBe(true);
    const june = (await get(`/api/reports/files?scope=${TEST_TOWN}`, 'town')).json() as ReportFiles;
    expect(listed(june)).toContain(`${TEST_TOWN}/2023-06.xlsx`);
    const file = await get(`/api/reports/files/${TEST_TOWN}/2023-06.xlsx`, 'town');
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect(await app.moshao.reportSchedule!.runDue()).toBeNull();
  }, 60_000);
});
