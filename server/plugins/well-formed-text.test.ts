import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, loginAs, testApp } from '../test/app.js';
import { wellFormed } from './well-formed-text.js';

describe('wellFormed', () => {
  it('replaces lone surrogates in strings, keys and nested values, and keeps pairs, lengths and other values', () => {
    expect(wellFormed({ a: ['x\uD800y', '\uDFFF', '😀'], 'k\uDC00': 1, n: null, b: true })).toEqual({ a: ['x\uFFFDy', '\uFFFD', '😀'], 'k\uFFFD': 1, n: null, b: true });
    expect((wellFormed('\uD83D\uD83D\uDE00') as string).length).toBe(3);
  });

  it('walks a body nested deeper than the call stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + '"\\ud800"' + ']'.repeat(100_000)) as unknown;
    expect(() => wellFormed(deep)).not.toThrow();
    let inner: unknown = deep;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe('\uFFFD');
  });
});

describe('a lone surrogate in a request body', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('is stored in SQLite and served as U+FFFD, the same before and after a restart would read it back', async () => {
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"category":"elevator","title":"lift \\ud83d stuck","description":"\\udfff","channel":"mini_program","reporterRole":"resident","gridId":"321171001001-01"}',
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json() as { id: number };
    const stored = app.moshao.db.prepare('SELECT title, description FROM tickets WHERE id = ?').get(id);
    expect(stored).toEqual({ title: 'lift \uFFFD stuck', description: '\uFFFD' });
    expect((await app.inject({ url: `/api/tickets/${id}`, headers: await loginAs(app, 'admin') })).json()).toMatchObject(stored as object);
  });

  it('in a failed login leaves a well-formed audit entry', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":"adm\\ud800in","password":"wrong-password"}' });
    expect(res.statusCode).toBe(401);
    const row = app.moshao.db.prepare("SELECT actor_name FROM audit_log WHERE action = 'login.failure' ORDER BY id DESC LIMIT 1").get();
    expect(row).toEqual({ actor_name: 'adm\uFFFDin' });
  });
});
