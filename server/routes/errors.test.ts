import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../test/app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

describe('failures of the router itself get the same error body as every other refusal', () => {
  it('answers a path whose %-escape does not decode with 400 { error, message }, without echoing the path', async () => {
    const res = await app.inject({ url: '/api/tickets/%ED%A0%80' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'bad_url', message: expect.any(String) });
    expect(res.body).not.toContain('%ED%A0%80');
  });

  it('answers a path parameter longer than any id with 414 { error, message }', async () => {
    const res = await app.inject({ method: 'DELETE', url: `/api/admin/intake-tokens/${'a'.repeat(300)}` });
    expect(res.statusCode).toBe(414);
    expect(res.json()).toEqual({ error: 'uri_too_long', message: expect.any(String) });
  });

  it('names an unknown API path or a stranger field without echoing kilobytes of it', async () => {
    const long = 'x'.repeat(5000);
    const path = await app.inject({ url: `/api/${long}` });
    expect(path.statusCode).toBe(404);
    expect(path.body.length).toBeLessThan(300);
    const field = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'a', password: 'b', [long]: 1 } });
    expect(field.statusCode).toBe(400);
    expect(field.json()).toMatchObject({ error: 'invalid_body', field: expect.stringMatching(/^x{80}…$/) });
    expect(field.body.length).toBeLessThan(500);
  });
});

describe('refusals of the static file server', () => {
  let withClient: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moshao-static-'));
    mkdirSync(join(dir, 'client', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'client', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    withClient = await testApp({ clientDir: join(dir, 'client') });
  });
  afterAll(async () => {
    await withClient.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a traversal forbidden, a NUL byte a bad request, and a missing asset missing (not an unbuilt client)', async () => {
    const traversal = await withClient.inject({ url: '/assets/..%5c..%5csecret.txt' });
    expect(traversal.statusCode).toBe(403);
    expect(traversal.json()).toEqual({ error: 'forbidden', message: expect.stringMatching(/no file the server serves/) });
    const nul = await withClient.inject({ url: '/assets/x%00.js' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ error: 'bad_request' });
    const missing = await withClient.inject({ url: '/assets/missing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: 'not_found', message: 'No file /assets/missing.js in the client build.' });
  });
});
