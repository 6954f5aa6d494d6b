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
});
