import type { FastifyInstance } from 'fastify';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import { buildApp, type AppOptions } from '../app.js';
import { smallWorld } from './world.js';

export const TEST_TOKEN = 'test-intake-token-0123456789';

/** Fixed passwords of the start-up accounts in tests (demo mode makes admin, dingmao and viewer). */
export const TEST_PASSWORDS = { admin: 'admin-test-password', town: 'dingmao-test-password', viewer: 'viewer-test-password' } as const;
/** 丁卯街道: the demo supervisor's town. */
export const TEST_TOWN = '321171001';
/** 大港街道: a town other than the demo supervisor's (丁卯街道). */
export const OTHER_TOWN = '321171002';

/** An app on an in-memory database with the small world; close it after the test. */
export function testApp(over: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({
    dbPath: ':memory:', world: smallWorld(), intakeToken: TEST_TOKEN, clientDir: '/nonexistent',
    adminPassword: TEST_PASSWORDS.admin, demoAccounts: { townPassword: TEST_PASSWORDS.town, viewerPassword: TEST_PASSWORDS.viewer },
    ...over,
  });
}

export const auth = { authorization: `Bearer ${TEST_TOKEN}` };

/** admin, district supervisor, 丁卯街道 supervisor ('town'), 大港街道 supervisor ('other-town'), viewer. */
export type TestRole = 'admin' | 'district' | 'town' | 'other-town' | 'viewer';
export type SessionHeaders = { cookie: string; 'x-csrf-token': string };

const EXTRA_ACCOUNTS = {
  district: { username: 'district-test', role: 'district', townCode: null },
  'other-town': { username: 'dagang-test', role: 'town', townCode: OTHER_TOWN },
} as const;
const USERNAMES: Record<TestRole, string> = {
  admin: 'admin', town: 'dingmao', viewer: 'viewer', district: EXTRA_ACCOUNTS.district.username, 'other-town': EXTRA_ACCOUNTS['other-town'].username,
};
const PASSWORD_OF_EXTRA = 'extra-test-password';
const sessionCache = new WeakMap<FastifyInstance, Map<TestRole, SessionHeaders>>();

/**
 * Logs in as a role and returns the headers of a cookie-authenticated request (cookie + CSRF token); cached per app so
 * that tests stay under the login rate limit. Creates the district and 大港街道 accounts on first use.
 */
export async function loginAs(app: FastifyInstance, role: TestRole): Promise<SessionHeaders> {
  let cache = sessionCache.get(app);
  if (!cache) sessionCache.set(app, (cache = new Map()));
  const cached = cache.get(role);
  if (cached) return cached;
  const username = USERNAMES[role];
  if (role === 'district' || role === 'other-town') {
    const extra = EXTRA_ACCOUNTS[role];
    if (!app.moshao.auth.accounts.list().some((a) => a.username === username)) {
      const admin = { kind: 'account', accountId: 1, username: 'admin', role: 'admin', townCode: null } as const;
      await app.moshao.auth.accounts.create(admin, { username, password: PASSWORD_OF_EXTRA, role: extra.role, townCode: extra.townCode ?? undefined }, 'test');
    }
  }
  const password = role === 'district' || role === 'other-town' ? PASSWORD_OF_EXTRA : TEST_PASSWORDS[role];
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login as ${role} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  const headers = { cookie: `${SESSION_COOKIE}=${cookie!.value}`, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
  cache.set(role, headers);
  return headers;
}

export function rowCounts(app: FastifyInstance): { tickets: number; events: number; keys: number } {
  const db = app.moshao.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    tickets: n('SELECT count(*) AS n FROM tickets'),
    events: n('SELECT count(*) AS n FROM ticket_events'),
    keys: n('SELECT count(*) AS n FROM idempotency_keys'),
  };
}

/**
 * Invites a staff row (an info officer or central household) as the admin and activates it: the reporter's session
 * headers. Activation is limited per address: a test file makes a few reporters, not dozens.
 */
export async function reporterSession(app: FastifyInstance, staffId: string): Promise<SessionHeaders> {
  const invited = await app.inject({ method: 'POST', url: '/api/reporters/invitations', headers: await loginAs(app, 'admin'), payload: { staffId } });
  if (invited.statusCode !== 201) throw new Error(`invitation of ${staffId} failed: ${invited.statusCode} ${invited.body}`);
  const res = await app.inject({ method: 'POST', url: '/api/reporters/activate', payload: { code: (invited.json() as { code: string }).code, password: 'reporter-test-password' } });
  if (res.statusCode !== 200) throw new Error(`activation of ${staffId} failed: ${res.statusCode} ${res.body}`);
  const cookie = `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
  const me = await app.inject({ url: '/api/auth/me', headers: { cookie } });
  return { cookie, 'x-csrf-token': (me.json() as { csrfToken: string }).csrfToken };
}
