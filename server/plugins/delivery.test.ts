import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from '../../scripts/precompress.js';
import { TEST_TOKEN, testApp } from '../test/app.js';
import { IMMUTABLE, REVALIDATE } from './client-files.js';

/**
 * How the wall's bytes leave the server: hashed client files cached for good and sent precompressed, index.html and
 * deep links revalidated, JSON and XML compressed as the browser accepts, the map's geometry cached for good under
 * its versioned URL only.
 */
const JS = 'assets/index-Ab12Cd34.js';
const FONT = 'assets/noto-sans-sc-chinese-simplified-400-normal-Ba7eOkfT.woff2';
const script = `export const wall = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `cell-${i}`))};\n`;

let dir: string;
let app: FastifyInstance;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-delivery-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, JS), script);
  // Font files are compressed inside already: random bytes stand for one (and would not shrink either).
  writeFileSync(join(dir, FONT), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(join(dir, 'assets/notes.txt'), 'x'.repeat(2048));
  expect(precompressDir(dir)).toBe(2); // the script and the text file; not the font, not the small index.html
  app = await testApp({ clientDir: dir });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The body as the browser reads it, whatever the encoding it came in. */
const decoded = (res: { headers: Record<string, unknown>; rawPayload: Buffer }): string =>
  (res.headers['content-encoding'] === 'br' ? brotliDecompressSync(res.rawPayload)
    : res.headers['content-encoding'] === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload).toString();
const get = (url: string, encoding?: string) => app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('client files', () => {
  it('sends a hashed script precompressed as the browser accepts, cached for a year', async () => {
    const br = await get(`/${JS}`, 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe(IMMUTABLE);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(script.length / 3);

    const gz = await get(`/${JS}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get(`/${JS}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('sends fonts as they are (woff2 is compressed inside), cached for a year', async () => {
    const res = await get(`/${FONT}`, 'br, gzip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.rawPayload.equals(readFileSync(join(dir, FONT)))).toBe(true);
  });

  it('does not cache for good a file under assets/ whose name carries no hash', async () => {
    const res = await get('/assets/notes.txt', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(REVALIDATE);
  });

  it('revalidates index.html, whether asked by name, as / or as a deep link', async () => {
    for (const url of ['/', '/index.html', '/drill/town/321171001', '/?scope=321171001']) {
      const res = await get(url, 'br, gzip');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe(REVALIDATE);
      expect(decoded(res), url).toContain('<div id="root">');
    }
  });

  it('answers an unknown asset with a 404 naming it, not with index.html', async () => {
    const res = await get('/assets/index-00000000.js', 'br');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found', message: expect.stringContaining('/assets/index-00000000.js') });
  });
});

describe('API compression', () => {
  it('compresses a large JSON answer with brotli or gzip as accepted, and not at all otherwise', async () => {
    const plain = await get('/api/geo?level=grid');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get('/api/geo?level=grid', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
    const gz = await get('/api/geo?level=grid', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('leaves a small answer as it is', async () => {
    const res = await get('/api/health', 'br, gzip');
    expect(res.rawPayload.length).toBeLessThan(1024);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json()).toMatchObject({ status: 'ok' });
  });

  it('compresses Open311 XML too, and it still reads as XML', async () => {
    const res = await get('/open311/v2/services.xml', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(res.rawPayload).toString()).toMatch(/^<\?xml[^>]*>\s*<services>/);
  });

  it('sends error bodies readable (a 400 with accept-encoding is still the usual JSON)', async () => {
    const res = await get('/api/geo?level=planet', 'br');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.any(String), message: expect.stringContaining('level') });
  });
});

describe('request bodies', () => {
  it('are read as sent: a gzip body is not inflated, and is refused as the JSON it is not', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', payload: gzipSync(JSON.stringify({ title: 'x' })),
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    // Inflated, it would be a ticket missing its fields; as sent, it is not JSON at all.
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'malformed_json', message: expect.stringContaining('JSON') });
  });
});

describe('versioned geometry', () => {
  it('is cached for good under the version /api/health names, and revalidated under any other', async () => {
    const { geo } = (await get('/api/health')).json() as { geo: Record<'grid' | 'town' | 'village', string> };
    for (const level of ['grid', 'town', 'village'] as const) {
      expect(geo[level], level).toMatch(/^[\w-]{22}$/);
      const current = await get(`/api/geo?level=${level}&v=${geo[level]}`);
      expect(current.statusCode).toBe(200);
      expect(current.headers['cache-control']).toBe(IMMUTABLE);
      expect(current.headers.etag).toBe(`"${geo[level]}"`);
      const unversioned = await get(`/api/geo?level=${level}`);
      expect(unversioned.headers['cache-control']).toBe('no-cache');
      expect(unversioned.body).toBe(current.body);
    }
    const stale = await get('/api/geo?level=grid&v=an-older-world');
    expect(stale.statusCode).toBe(200);
    expect(stale.headers['cache-control']).toBe('no-cache');
    expect(new Set([geo.grid, geo.town, geo.village]).size).toBe(3);
  });

  it('refuses an overlong version with a 400 naming the field', async () => {
    const res = await get(`/api/geo?level=grid&v=${'x'.repeat(65)}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.any(String), field: expect.stringMatching(/v/) });
  });
});

describe('Socket.IO beside compression', () => {
  it('opens a polling session over a real port with accept-encoding set', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('0{')).toBe(true);
    expect(JSON.parse(text.slice(1))).toMatchObject({ sid: expect.any(String), upgrades: ['websocket'] });
  });
});
