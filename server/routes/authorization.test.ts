import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { auth, loginAs, testApp, type TestRole } from '../test/app.js';

/**
 * The authorisation matrix: every write endpoint and every endpoint that returns personal data, called by
 * each kind of caller. The resources sit in 丁卯街道: 'town' is its supervisor, 'other-town' the one of 大港街道.
 */
type Caller = 'none' | 'token' | TestRole;
const CALLERS: Caller[] = ['none', 'token', 'viewer', 'other-town', 'town', 'district', 'admin'];
const DINGMAO_CELL = '321171001001-01';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

const headersOf = async (caller: Caller): Promise<Record<string, string>> =>
  caller === 'none' ? {} : caller === 'token' ? auth : loginAs(app, caller);
const newTicket = { category: 'lamp', title: '路灯不亮', channel: 'resident', reporterRole: 'resident', gridId: DINGMAO_CELL };
const fileTicket = async (): Promise<number> =>
  (await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: newTicket })).json().id;
let accountSeq = 0;
const newAccount = () => ({ username: `matrix-${++accountSeq}`, password: 'matrix-password-1', role: 'viewer' });
const makeToken = async (): Promise<number> =>
  (await app.inject({ method: 'POST', url: '/api/admin/intake-tokens', headers: await loginAs(app, 'admin'), payload: { name: 'doomed' } })).json().token.id;

interface Row {
  name: string;
  /** Makes what the call needs (a fresh ticket for each caller) and returns the request. */
  request: () => Promise<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }>;
  expect: Record<Caller, number>;
}
const ONLY_ADMIN = { none: 401, token: 403, viewer: 403, 'other-town': 403, town: 403, district: 403 };

const ROWS: Row[] = [
  {
    name: 'POST /api/tickets',
    request: async () => ({ method: 'POST', url: '/api/tickets', payload: newTicket }),
    expect: { none: 401, token: 201, viewer: 403, 'other-town': 403, town: 201, district: 201, admin: 201 },
  },
  {
    name: 'POST /api/tickets/:id/transitions',
    request: async () => ({ method: 'POST', url: `/api/tickets/${await fileTicket()}/transitions`, payload: { action: 'accept', note: 'ok' } }),
    expect: { none: 401, token: 403, viewer: 403, 'other-town': 403, town: 200, district: 200, admin: 200 },
  },
  {
    name: 'POST /api/replay',
    request: async () => ({ method: 'POST', url: '/api/replay', payload: { action: 'pause' } }),
    expect: { none: 401, token: 403, viewer: 403, 'other-town': 403, town: 403, district: 200, admin: 200 },
  },
  {
    // No screen has reported: an authorised caller gets past the guard to the 404.
    name: 'POST /api/screens/:id/reload',
    request: async () => ({ method: 'POST', url: '/api/screens/wall-1/reload' }),
    expect: { none: 401, token: 403, viewer: 403, 'other-town': 403, town: 403, district: 404, admin: 404 },
  },
  {
    // Where the walls are and what they show: supervisors only.
    name: 'GET /api/screens',
    request: async () => ({ method: 'GET', url: '/api/screens' }),
    expect: { none: 401, token: 403, viewer: 403, 'other-town': 200, town: 200, district: 200, admin: 200 },
  },
  {
    name: 'GET /api/drill/grid/:id (personal data, masked)',
    request: async () => ({ method: 'GET', url: `/api/drill/grid/${DINGMAO_CELL}` }),
    expect: { none: 401, token: 403, viewer: 200, 'other-town': 403, town: 200, district: 200, admin: 200 },
  },
  {
    name: 'GET /api/drill/tickets/:id',
    request: async () => ({ method: 'GET', url: `/api/drill/tickets/${await fileTicket()}` }),
    expect: { none: 401, token: 403, viewer: 200, 'other-town': 403, town: 200, district: 200, admin: 200 },
  },
  { name: 'GET /api/admin/accounts', request: async () => ({ method: 'GET', url: '/api/admin/accounts' }), expect: { ...ONLY_ADMIN, admin: 200 } },
  {
    name: 'POST /api/admin/accounts',
    request: async () => ({ method: 'POST', url: '/api/admin/accounts', payload: newAccount() }),
    expect: { ...ONLY_ADMIN, admin: 201 },
  },
  {
    name: 'PATCH /api/admin/accounts/:id',
    request: async () => {
      const id = app.moshao.auth.accounts.list().find((a) => a.username === 'viewer')!.id;
      return { method: 'PATCH', url: `/api/admin/accounts/${id}`, payload: { disabled: false } };
    },
    expect: { ...ONLY_ADMIN, admin: 200 },
  },
  { name: 'GET /api/admin/intake-tokens', request: async () => ({ method: 'GET', url: '/api/admin/intake-tokens' }), expect: { ...ONLY_ADMIN, admin: 200 } },
  {
    name: 'POST /api/admin/intake-tokens',
    request: async () => ({ method: 'POST', url: '/api/admin/intake-tokens', payload: { name: 'matrix' } }),
    expect: { ...ONLY_ADMIN, admin: 201 },
  },
  {
    name: 'DELETE /api/admin/intake-tokens/:id',
    request: async () => ({ method: 'DELETE', url: `/api/admin/intake-tokens/${await makeToken()}` }),
    expect: { ...ONLY_ADMIN, admin: 200 },
  },
  { name: 'GET /api/audit', request: async () => ({ method: 'GET', url: '/api/audit' }), expect: { ...ONLY_ADMIN, admin: 200 } },
];

describe('authorisation matrix', () => {
  for (const row of ROWS) {
    it(row.name, async () => {
      const got: Partial<Record<Caller, number>> = {};
      for (const caller of CALLERS) {
        const { method, url, payload } = await row.request();
        const res = await app.inject({ method, url, payload, headers: await headersOf(caller) });
        got[caller] = res.statusCode;
        // The standard error body; a scope refusal may name the field that points outside.
        if (res.statusCode >= 400) expect(Object.keys(res.json()).filter((k) => k !== 'field').sort(), `${caller}: ${res.body}`).toEqual(['error', 'message']);
      }
      expect(got).toEqual(row.expect);
    });
  }

  it('refuses a town supervisor a ticket of another town with out_of_scope, and a token with forbidden', async () => {
    const id = await fileTicket();
    const other = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: await loginAs(app, 'other-town'), payload: { action: 'accept' } });
    expect(other.json().error).toBe('out_of_scope');
    const token = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: auth, payload: { action: 'accept' } });
    expect(token.json().error).toBe('forbidden');
  });

  it('lets a town supervisor file tickets only inside its town, also when placed by location', async () => {
    const cell = app.moshao.db.prepare("SELECT id, centroid_lng AS lng, centroid_lat AS lat FROM grid_cells WHERE town_code = '321171002' LIMIT 1")
      .get() as { id: string; lng: number; lat: number };
    const town = await loginAs(app, 'town');
    const count = () => (app.moshao.db.prepare('SELECT count(*) AS n FROM tickets').get() as { n: number }).n;
    const before = count();
    for (const place of [{ gridId: cell.id }, { gridId: undefined, location: { lng: cell.lng, lat: cell.lat } }]) {
      const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: town, payload: { ...newTicket, ...place } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('out_of_scope');
    }
    expect(count()).toBe(before);
  });

  it('checks who before what: a stranger gets 401, not a validation error', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/tickets/1/transitions', payload: { action: 'fly' } });
    expect(res.statusCode).toBe(401);
    const admin = await app.inject({ method: 'POST', url: '/api/admin/accounts', payload: 'not json', headers: { 'content-type': 'application/json' } });
    expect(admin.statusCode).toBe(401);
  });

  it('keeps the wall public: reads that carry no personal data need no login', async () => {
    for (const url of ['/api/health', '/api/summary?scope=321171001', '/api/tickets?limit=2', '/api/tickets/1', '/api/geo?level=town',
      '/api/cells/measures', '/api/scopes/321171001/children', '/api/replay', '/api/categories']) {
      expect((await app.inject({ url })).statusCode, url).toBe(200);
    }
  });
});
