import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app.js';
import { REVALIDATE } from './client-files.js';

/**
 * The phone app (/m) is a page of its own in the build: its deep links get its page, never the wall's, and /m itself
 * is sent on to /m/, the scope of its service worker.
 */
let dir: string;
let app: FastifyInstance;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-phone-'));
  mkdirSync(join(dir, 'm'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>wall</title><div id="root"></div>');
  writeFileSync(join(dir, 'm/index.html'), '<!doctype html><title>phone</title><div id="root"></div>');
  writeFileSync(join(dir, 'm-sw.js'), 'self.addEventListener("fetch", () => {});');
  app = await testApp({ clientDir: dir });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the phone app\'s page', () => {
  it('answers /m/ and every deep link under it with the phone page, revalidated', async () => {
    for (const url of ['/m/', '/m/report?cell=321171001001001', '/m/track/AB23CD45EF', '/m/activate?code=ABCD2345', '/m/rounds']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], url).toBe(REVALIDATE);
      expect(res.body, url).toContain('<title>phone</title>');
    }
  });

  it('sends /m on to /m/, keeping the query (a QR poster may print either)', async () => {
    const res = await app.inject({ url: '/m?cell=321171001001001' });
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/m/?cell=321171001001001');
    expect((await app.inject({ url: '/m' })).headers.location).toBe('/m/');
  });

  it('leaves the wall\'s deep links, and paths that merely start with m, to the wall', async () => {
    for (const url of ['/drill/town/321171001', '/metro', '/mine']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<title>wall</title>');
    }
  });

  it('serves the service worker revalidated, so a new build reaches phones at their next visit', async () => {
    const res = await app.inject({ url: '/m-sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe(REVALIDATE);
  });
});
