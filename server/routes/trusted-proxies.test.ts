import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadConfig, trustedProxiesOf } from '../config.js';
import { testApp } from '../test/app.js';

/** The address the server took the caller for: a failed login is audited with it (and limited by it). */
async function addressSeenFor(app: FastifyInstance, remoteAddress: string, forwardedFor: string): Promise<string> {
  const res = await app.inject({
    method: 'POST', url: '/api/auth/login', remoteAddress, headers: { 'x-forwarded-for': forwardedFor },
    payload: { username: 'admin', password: 'not-the-password-at-all' },
  });
  expect(res.statusCode).toBe(401);
  return (app.moshao.db.prepare("SELECT ip FROM audit_log WHERE action = 'login.failure' ORDER BY id DESC LIMIT 1").get() as { ip: string }).ip;
}

describe('MOSHAO_TRUSTED_PROXIES', () => {
  let app: FastifyInstance | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
  });

  it('by default believes X-Forwarded-For from loopback only, not from a private address', async () => {
    app = await testApp({ trustedProxies: trustedProxiesOf(loadConfig({})) });
    expect(await addressSeenFor(app, '10.0.0.5', '203.0.113.9')).toBe('10.0.0.5');
    expect(await addressSeenFor(app, '127.0.0.1', '203.0.113.9')).toBe('203.0.113.9');
  });

  it('believes a private proxy once its range is listed, and still not a stranger', async () => {
    app = await testApp({ trustedProxies: trustedProxiesOf(loadConfig({ MOSHAO_TRUSTED_PROXIES: '10.0.0.0/8' })) });
    expect(await addressSeenFor(app, '10.0.0.5', '203.0.113.9')).toBe('203.0.113.9');
    expect(await addressSeenFor(app, '198.51.100.7', '203.0.113.9')).toBe('198.51.100.7');
  });
});
