import fc from 'fast-check';
import { CHANNELS, REPLAY_YEAR_START_MS, REPORTER_ROLES, TICKET_ACTIONS, TICKET_STATUSES } from '../../shared/constants.js';
import { AUDIT_ACTIONS, ROLES } from '../../shared/schemas/auth.js';
import { DEVICES, GATE_DIRECTIONS, MODULE_EVENT_TYPES } from '../../shared/schemas/modules.js';
import {
  contentType, headerSafe, hostileBody, hostileJson, hostileNumber, hostileQuery, hostileString, NASTY_STRINGS, pathSegment, PROTOTYPE_KEYS,
} from './hostile.js';
import { TEST_TOKEN } from './app.js';
import { multipartBody, tinyPng } from './tiny-png.js';

/**
 * One generator of hostile requests per route of the app. The fuzz test lists the routes the app registered and fails
 * when one has no entry here, so a new route cannot go unfuzzed.
 */

/** Who the request claims to be; the test turns this into headers with the live session cookies. */
export type Caller =
  | { kind: 'admin' | 'town' | 'viewer' | 'bearer' | 'none' | 'cookie+bearer' }
  | { kind: 'forged-cookie' | 'bad-csrf' | 'forged-bearer' | 'raw-cookie'; value: string };

export interface FuzzRequest {
  method: string;
  url: string;
  caller: Caller;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** What the generators may pick from: real ids of the app under test, so that some requests get past validation. */
export interface FuzzWorld {
  gridIds: string[];
  /** Each cell's centroid, a point that lies inside it. */
  centroids: { gridId: string; lng: number; lat: number }[];
  townCodes: string[];
  villageCodes: string[];
  ticketIds: number[];
  /** Accounts the fuzz may patch (never the ones whose sessions it uses). */
  targetAccountIds: number[];
  /** The accounts the fuzz logs in as have ids 1..ownAccountMaxId. */
  ownAccountMaxId: number;
  categories: string[];
  seekFrom: number;
  /** An intake token of its own for the Open311 filings (api_key), so that they do not wait on the Bearer fuzz's budget. */
  open311Key: string;
}

const hostileHeader = hostileString.map(headerSafe);

export const caller: fc.Arbitrary<Caller> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('admin', 'town', 'viewer', 'bearer', 'none', 'cookie+bearer').map((kind) => ({ kind }) as Caller) },
  { weight: 6, arbitrary: fc.constant({ kind: 'admin' } as Caller) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom('forged-cookie', 'bad-csrf', 'forged-bearer', 'raw-cookie'), hostileHeader).map(([kind, value]) => ({ kind, value }) as Caller) },
);

/** Extra headers: Idempotency-Key, an Origin, a wrong Content-Length never (inject computes it). */
const extraHeaders = fc.record(
  { 'idempotency-key': hostileHeader, origin: fc.constantFrom('null', 'http://evil.example', 'http://127.0.0.1:3000'), 'x-forwarded-for': hostileHeader },
  { requiredKeys: [] },
);

/**
 * An object with the route's fields. Half the time every field is sensible and then one is swapped for something hostile
 * (or dropped), so that requests reach the handler; otherwise each field is independently sensible, hostile or absent,
 * with strangers and prototype keys mixed in.
 */
function shape(fields: Record<string, fc.Arbitrary<unknown>>, optional: string[] = []): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(fields);
  const requiredKeys = keys.filter((k) => !optional.includes(k));
  const hostile = fc.oneof(hostileJson, hostileString, hostileNumber, fc.constant(undefined));
  const nearlyValid = fc.tuple(fc.record(fields, { requiredKeys }), fc.option(fc.tuple(fc.constantFrom(...keys, ...PROTOTYPE_KEYS), hostile), { freq: 2 }))
    .map(([o, swap]) => {
      if (!swap) return o;
      const out: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, o);
      if (swap[1] === undefined) delete out[swap[0]];
      else out[swap[0]] = swap[1];
      return out;
    });
  const entries = Object.fromEntries(keys.map((k) => [k, fc.oneof(
    { weight: 5, arbitrary: fields[k] }, { weight: 1, arbitrary: hostileJson }, { weight: 1, arbitrary: hostileString }, { weight: 1, arbitrary: hostileNumber },
  )]));
  const strangers = fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_KEYS)), hostileJson, { maxKeys: 2 });
  const wild = fc.tuple(fc.record(entries, { requiredKeys: [] }), fc.option(strangers, { freq: 5 }))
    .map(([o, extra]) => (extra ? Object.assign(Object.create(null) as Record<string, unknown>, o, extra) : o));
  return keys.length ? fc.oneof({ weight: 3, arbitrary: nearlyValid }, { weight: 1, arbitrary: wild }) : wild;
}

/** Text a person could type, or hostile text (SQL, markup, Unicode edge cases) that still fits the field. */
const text = (max: number) => fc.oneof(
  fc.string({ minLength: 1, maxLength: Math.min(max, 60) }),
  fc.constantFrom(...NASTY_STRINGS.filter((x) => x.length >= 1 && x.length <= max)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: Math.min(max, 60) }),
);

const withBody = (method: string, url: fc.Arbitrary<string>, body: fc.Arbitrary<Record<string, unknown>>) =>
  fc.record({ url, caller, extra: extraHeaders, type: contentType, payload: hostileBody(body) }).map(({ url, caller, extra, type, payload }): FuzzRequest => ({
    method, url, caller, payload, headers: { ...extra, ...(type !== undefined && payload !== undefined ? { 'content-type': type } : {}) },
  }));

const read = (url: fc.Arbitrary<string>) =>
  fc.record({ url, caller, method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD'), extra: extraHeaders })
    .map(({ url, caller, method, extra }): FuzzRequest => ({ method, url, caller, headers: extra }));

const idSegment = (ids: readonly (string | number)[]) =>
  fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ids.map(String)) }, { weight: 3, arbitrary: pathSegment });

/**
 * Keeps the fuzz off the accounts whose sessions it uses (a new password would lock it out): any segment that could be
 * read as one of their ids. Strange text that cannot is kept.
 */
const notOwnAccount = (w: FuzzWorld) => (segment: string): boolean => {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch { /* a bad escape names no account */ }
  const n = Number(decoded);
  if (Number.isFinite(n)) return n > w.ownAccountMaxId || n < 1 || w.targetAccountIds.includes(n);
  return !/[1-9]/.test(decoded);
};

const isoish = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((t) => new Date(t).toISOString()),
  fc.integer({ min: REPLAY_YEAR_START_MS - 1e10, max: REPLAY_YEAR_START_MS + 4e10 }).map(String),
  fc.constantFrom('2023-02-30', '2023-13-01T00:00:00Z', '0000-00-00', '+275760-09-13T00:00:00.000Z', '2023-01-01T00:00:00+25:00', 'yesterday', '1e3'),
);

/** Request generators by "METHOD /path" as Fastify registered them; HEAD is covered by the GET generator. */
export function routeGenerators(w: FuzzWorld): Record<string, fc.Arbitrary<FuzzRequest>> {
  const scopes = ['321171', ...w.townCodes, ...w.villageCodes.slice(0, 5), ...w.gridIds.slice(0, 10)];
  const enc = (s: fc.Arbitrary<string>) => s.map(encodeURIComponent);
  const ticketFields = {
    category: fc.constantFrom(...w.categories), title: text(120), description: text(4000),
    channel: fc.constantFrom(...CHANNELS), reporterRole: fc.constantFrom(...REPORTER_ROLES), urgent: fc.boolean(),
    address: text(200),
  };
  const coordinate = (min: number, max: number) => fc.oneof({ weight: 3, arbitrary: fc.double({ min, max, noNaN: true }) }, { weight: 1, arbitrary: hostileNumber });
  // Where the ticket is: a cell, a point inside it, both agreeing, both disagreeing, or a point anywhere.
  const place = fc.oneof(
    fc.constantFrom(...w.gridIds).map((gridId) => ({ gridId })),
    fc.constantFrom(...w.centroids).map(({ lng, lat }) => ({ location: { lng, lat } })),
    fc.constantFrom(...w.centroids).map(({ gridId, lng, lat }) => ({ gridId, location: { lng, lat } })),
    fc.tuple(fc.constantFrom(...w.gridIds), fc.constantFrom(...w.centroids)).map(([gridId, { lng, lat }]) => ({ gridId, location: { lng, lat } })),
    fc.record({ lng: coordinate(119.3, 119.9), lat: coordinate(31.9, 32.4) }).map((location) => ({ location })),
    fc.constant({}),
  );
  const ticketIds = [...w.ticketIds, 0, -1, 2 ** 53, 1e21];
  const accountBody = {
    username: fc.stringMatching(/^[a-z0-9_.-]{3,32}$/), password: fc.string({ minLength: 10, maxLength: 40 }),
    role: fc.constantFrom(...ROLES), townCode: fc.constantFrom(...w.townCodes, '321171999'),
  };
  const at = (q: string) => `/api/tickets${q}`;
  // A 人车房物 event: every type's fields offered to every type, so that some fit and some are strangers to their type;
  // instants around the replay's clock (some get in), or anything.
  const moduleEvent = shape({
    id: fc.oneof(fc.constantFrom('e1', 'e2', 'e3'), text(120)), type: fc.constantFrom(...MODULE_EVENT_TYPES, 'person.moved'),
    at: fc.oneof(fc.integer({ min: w.seekFrom - 2 * 86_400_000, max: w.seekFrom + 3_600_000 }).map((t) => new Date(t).toISOString()), isoish),
    gridId: fc.constantFrom(...w.gridIds, '321171999999-01'), direction: fc.constantFrom(...GATE_DIRECTIONS), gate: text(80),
    device: fc.constantFrom(...DEVICES), building: text(80),
    change: fc.record({ households: fc.integer({ min: -3, max: 3 }), rented: fc.integer({ min: -3, max: 3 }), vacant: hostileNumber }, { requiredKeys: [] }),
  }, ['direction', 'gate', 'device', 'building', 'change']);
  return {
    'GET /api/health': read(hostileQuery(['verbose']).map((q) => `/api/health${q}`)),
    'GET /api/categories': read(hostileQuery(['tier']).map((q) => `/api/categories${q}`)),
    'GET /api/cells/measures': read(hostileQuery(['scope']).map((q) => `/api/cells/measures${q}`)),
    'GET /api/geo': read(hostileQuery(['level'], { level: fc.constantFrom('town', 'village', 'grid', 'TOWN', 'grid ') }).map((q) => `/api/geo${q}`)),
    'GET /api/summary': read(hostileQuery(['scope'], { scope: enc(fc.constantFrom(...scopes)) }).map((q) => `/api/summary${q}`)),
    'GET /api/screens': read(hostileQuery(['id']).map((q) => `/api/screens${q}`)),
    'GET /api/scopes/:id/children': read(idSegment(scopes).map((id) => `/api/scopes/${id}/children`)),
    'GET /api/tickets': read(hostileQuery(['scope', 'status', 'tier', 'category', 'overdue', 'open', 'from', 'to', 'cursor', 'limit'], {
      scope: enc(fc.constantFrom(...scopes)), status: fc.constantFrom(...TICKET_STATUSES), tier: fc.constantFrom('1', '2', '3', '0', '4', '1.0'),
      category: fc.constantFrom(...w.categories), overdue: fc.constantFrom('true', 'false', '1', 'yes'), open: fc.constantFrom('true', 'false', '0'),
      from: enc(isoish), to: enc(isoish), cursor: fc.constantFrom('1', '5', '999999999999', '0', '0001', '1e3', '-1', '9'.repeat(13)),
      limit: fc.constantFrom('1', '50', '200', '201', '0', '-1', '1.5', '1e2', 'NaN', '9007199254740993'),
    }).map(at)),
    'GET /api/tickets/:id': read(idSegment(ticketIds).map((id) => `/api/tickets/${id}`)),
    'GET /metrics': read(hostileQuery(['name[]']).map((q) => `/metrics${q}`)),
    'GET /api/replay': read(hostileQuery(['action']).map((q) => `/api/replay${q}`)),
    'GET /api/auth/me': read(hostileQuery(['x']).map((q) => `/api/auth/me${q}`)),
    'GET /api/audit': read(hostileQuery(['cursor', 'limit', 'action'], {
      cursor: fc.constantFrom('1', '3', '999999999999', '0'), limit: fc.constantFrom('1', '200', '201', '0'), action: fc.constantFrom(...AUDIT_ACTIONS),
    }).map((q) => `/api/audit${q}`)),
    'GET /api/admin/accounts': read(hostileQuery(['role']).map((q) => `/api/admin/accounts${q}`)),
    'GET /api/admin/intake-tokens': read(hostileQuery(['all']).map((q) => `/api/admin/intake-tokens${q}`)),
    'GET /api/drill/grid/:id': read(idSegment(w.gridIds.slice(0, 20)).map((id) => `/api/drill/grid/${id}`)),
    'GET /api/drill/tickets/:id': read(idSegment(ticketIds).map((id) => `/api/drill/tickets/${id}`)),
    'GET *': read(staticPath),
    'POST /api/tickets': withBody('POST', fc.constant('/api/tickets'), fc.tuple(place, shape(ticketFields, ['description', 'urgent', 'address']))
      .map(([where, body]) => Object.assign(Object.create(null) as Record<string, unknown>, where, body))),
    'POST /api/tickets/:id/transitions': withBody('POST', idSegment(ticketIds).map((id) => `/api/tickets/${id}/transitions`), shape({
      action: fc.constantFrom(...TICKET_ACTIONS), note: text(2000), rating: fc.integer({ min: 0, max: 6 }), duplicateOf: fc.constantFrom(...ticketIds),
    }, ['note', 'rating', 'duplicateOf'])),
    'POST /api/tickets/:id/reveal': withBody('POST', idSegment(ticketIds).map((id) => `/api/tickets/${id}/reveal`), shape({ reason: text(200) })),
    'POST /api/modules/events': withBody('POST', fc.constant('/api/modules/events'), shape({ events: fc.array(moduleEvent, { maxLength: 6 }) })),
    'POST /api/replay': withBody('POST', fc.constant('/api/replay'), shape({
      action: fc.constantFrom('play', 'pause', 'seek', 'speed', 'stop'),
      to: fc.oneof(fc.integer({ min: w.seekFrom - 3_600_000, max: w.seekFrom + 3 * 86_400_000 }), isoish),
      speed: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(-1, 1e308, 0.001)),
    }, ['to', 'speed'])),
    'POST /api/screens/:id/reload': withBody('POST', idSegment(['wall-1', 'lobby']).map((id) => `/api/screens/${id}/reload`), shape({ force: fc.boolean() }, ['force'])),
    'POST /api/auth/login': withBody('POST', fc.constant('/api/auth/login'), shape({
      username: fc.constantFrom('admin', 'dingmao', 'viewer', 'ADMIN', 'admin\u0000', 'ad\u200Bmin', 'nobody'), password: text(200),
    })),
    'POST /api/auth/logout': withBody('POST', fc.constant('/api/auth/logout'), shape({ everywhere: fc.boolean() }, ['everywhere'])),
    'POST /api/admin/accounts': withBody('POST', fc.constant('/api/admin/accounts'), shape(accountBody, ['townCode'])),
    'PATCH /api/admin/accounts/:id': withBody('PATCH', idSegment([...w.targetAccountIds, 999_999]).filter(notOwnAccount(w)).map((id) => `/api/admin/accounts/${id}`), shape({
      disabled: fc.boolean(), password: accountBody.password, role: accountBody.role, townCode: fc.oneof(accountBody.townCode, fc.constant(null)),
    }, ['disabled', 'password', 'role', 'townCode'])),
    'POST /api/admin/intake-tokens': withBody('POST', fc.constant('/api/admin/intake-tokens'), shape({ name: text(80) })),
    'DELETE /api/admin/intake-tokens/:id': withBody('DELETE', idSegment([1, 2, 3, 999_999]).map((id) => `/api/admin/intake-tokens/${id}`), shape({})),
    ...reportGenerators(scopes, enc, w),
    ...phoneAppGenerators(scopes, w, ticketIds, place),
    ...mediaGenerators(),
    ...open311Generators(w, ticketIds),
    ...notifyGenerators(scopes),
  };
}

/**
 * The phone app's server side: invitations (staff ids real and not), activation codes in and out of the alphabet,
 * residents' reports and receipts, ratings, a reporter's own lists and the rounds.
 */
function phoneAppGenerators(scopes: readonly string[], w: FuzzWorld, ticketIds: readonly number[],
  place: fc.Arbitrary<Record<string, unknown>>): Record<string, fc.Arbitrary<FuzzRequest>> {
  const code = fc.oneof(fc.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/), fc.constantFrom('abcd-efgh', 'O0I1O0I1', ''), text(20));
  const receipt = fc.oneof(fc.stringMatching(/^[A-HJ-NP-Z2-9]{10}$/), fc.constantFrom('AAAAAAAAAA', '0000000000', 'a'), text(20));
  const photos = fc.array(fc.oneof(fc.constantFrom('m1', 'x'.repeat(80)), text(80)), { maxLength: 8 });
  const round = shape({
    device: fc.constantFrom('elevator', 'gas', 'hydrant', 'water', 'reminder', 'camera'), result: fc.constantFrom('ok', 'fault', 'broken'),
    note: text(500), photos,
  }, ['note', 'photos']);
  const day = fc.oneof(fc.constantFrom('2023-01-01', '2023-10-17', '2023-02-30', '9999-99-99', ''), isoish);
  return {
    'POST /api/reporters/invitations': withBody('POST', fc.constant('/api/reporters/invitations'), shape({
      staffId: fc.constantFrom('S000001', 'S000002', 'S000100', 'S999999', '', '../S1'),
    })),
    'GET /api/reporters': read(hostileQuery(['scope'], { scope: fc.constantFrom(...scopes, '321171999') }).map((q) => `/api/reporters${q}`)),
    'POST /api/reporters/activate': withBody('POST', fc.constant('/api/reporters/activate'), shape({ code, password: text(200) })),
    'GET /api/me/tickets': read(hostileQuery(['cursor'], { cursor: fc.constantFrom('1', '999999999999', '0', '-1') }).map((q) => `/api/me/tickets${q}`)),
    'POST /api/tickets/:id/rating': withBody('POST', idSegment(ticketIds).map((id) => `/api/tickets/${id}/rating`), shape({
      rating: fc.integer({ min: 0, max: 6 }), comment: text(500), receipt,
    }, ['comment', 'receipt'])),
    'POST /api/public/reports': withBody('POST', fc.constant('/api/public/reports'), fc.tuple(place, shape({
      category: fc.constantFrom(...w.categories, 'potholes'), description: text(4000), urgent: fc.boolean(), photos,
    }, ['urgent', 'photos'])).map(([where, body]) => Object.assign(Object.create(null) as Record<string, unknown>, where, body))),
    'GET /api/track/:receipt': read(idSegment(['AAAAAAAAAA', 'ABCDEFGHJK']).map((r) => `/api/track/${r}`)),
    'POST /api/rounds': withBody('POST', fc.constant('/api/rounds'), shape({ date: day, items: fc.array(round, { maxLength: 7 }) })),
    'GET /api/rounds/mine': read(hostileQuery(['days'], { days: fc.constantFrom('1', '30', '90', '91', '0', '-1', 'x') }).map((q) => `/api/rounds/mine${q}`)),
    'GET /api/rounds': read(hostileQuery(['scope', 'date'], {
      scope: fc.constantFrom(...scopes, '321171999'), date: day,
    }).map((q) => `/api/rounds${q}`)),
  };
}

/**
 * 督办: subscriptions and the outbox (admin), GET /api/supervise. URLs are IP literals, a name that never resolves or
 * not URLs at all, so that nothing here asks a DNS server or reaches a real host (a private one is refused).
 */
function notifyGenerators(scopes: readonly string[]): Record<string, fc.Arbitrary<FuzzRequest>> {
  const levels = fc.array(fc.constantFrom('blue', 'yellow', 'red', 'escalated', 'purple'), { maxLength: 5 });
  const subscription = {
    name: text(80), scope: fc.constantFrom(...scopes, '999', ''), unit: text(80), channel: fc.constantFrom('wecom', 'dingtalk', 'webhook', 'sms'),
    url: fc.oneof(fc.constantFrom('http://127.0.0.1:9/hook', 'https://10.0.0.1/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'ftp://127.0.0.1/x',
      'http://user:pw@127.0.0.1/x', 'https://moshao.invalid/x', 'javascript:alert(1)'), text(200)),
    secret: fc.oneof(fc.constantFrom('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'SEC0123', 'whsec_!!'), text(200)), levels,
    mentionMobiles: fc.array(fc.constantFrom('13800000000', '1380000', 'x'), { maxLength: 3 }), enabled: fc.boolean(),
  };
  const ids = idSegment([1, 2, 3, 999_999]);
  return {
    'GET /api/admin/notify/subscriptions': read(hostileQuery(['all']).map((q) => `/api/admin/notify/subscriptions${q}`)),
    'POST /api/admin/notify/subscriptions': withBody('POST', fc.constant('/api/admin/notify/subscriptions'),
      shape(subscription, ['scope', 'unit', 'secret', 'mentionMobiles', 'enabled'])),
    'PATCH /api/admin/notify/subscriptions/:id': withBody('PATCH', ids.map((id) => `/api/admin/notify/subscriptions/${id}`),
      shape(subscription, Object.keys(subscription))),
    'DELETE /api/admin/notify/subscriptions/:id': withBody('DELETE', ids.map((id) => `/api/admin/notify/subscriptions/${id}`), shape({})),
    'GET /api/admin/notify/outbox': read(hostileQuery(['status', 'limit'], {
      status: fc.constantFrom('pending', 'sent', 'failed', 'dead', 'simulated', 'gone'), limit: fc.constantFrom('1', '500', '501', '0', 'x'),
    }).map((q) => `/api/admin/notify/outbox${q}`)),
    'POST /api/admin/notify/outbox/:id/retry': withBody('POST', ids.map((id) => `/api/admin/notify/outbox/${id}/retry`), shape({})),
    'GET /api/supervise': read(hostileQuery(['scope', 'level'], {
      scope: fc.constantFrom(...scopes, '321171999'), level: fc.constantFrom('blue', 'yellow', 'red', 'escalated', 'green'),
    }).map((q) => `/api/supervise${q}`)),
  };
}

/** The reports: periods of any shape, groupings known and not, weights in and out of range; the CSV with the list's filters. */
function reportGenerators(scopes: string[], enc: (s: fc.Arbitrary<string>) => fc.Arbitrary<string>, w: FuzzWorld): Record<string, fc.Arbitrary<FuzzRequest>> {
  const period = (path: string) => read(hostileQuery(['scope', 'from', 'to', 'by'], {
    scope: enc(fc.constantFrom(...scopes, '321171999')), from: enc(fc.oneof(isoish, fc.constantFrom('2023-01-01', '2023-06-01', '2023-12-31'))),
    to: enc(fc.oneof(isoish, fc.constantFrom('2023-02-01', '2024-01-01'))), by: fc.constantFrom('town', 'village', 'unit', 'grid', ''),
  }).map((q) => `/api/reports/${path}${q}`));
  const weight = fc.oneof(fc.integer({ min: -1, max: 101 }), hostileNumber);
  return {
    'GET /api/reports/kpi': period('kpi'),
    'GET /api/reports/kpi.xlsx': period('kpi.xlsx'),
    // Months that are refused before a browser starts (after the clock, malformed, hostile): printing one takes seconds.
    'GET /api/reports/monthly.pdf': read(hostileQuery(['scope', 'month'], {
      scope: enc(fc.constantFrom(...scopes, '321171999')), month: enc(fc.oneof(isoish, fc.constantFrom('2099-01', '2023-13', '2023-1', ''))),
    }).map((q) => `/api/reports/monthly.pdf${q}`)),
    'GET /api/reports/monthly': read(hostileQuery(['scope', 'month'], {
      scope: enc(fc.constantFrom(...scopes, '321171999')), month: enc(fc.oneof(isoish, fc.constantFrom('2023-06', '2099-01', '2023-13', '2023-1', ''))),
    }).map((q) => `/api/reports/monthly${q}`)),
    'GET /api/reports/weights': read(hostileQuery(['x']).map((q) => `/api/reports/weights${q}`)),
    'GET /api/reports/files': read(hostileQuery(['scope'], { scope: enc(fc.constantFrom(...scopes, '321171999', '..', '321171001001-01')) })
      .map((q) => `/api/reports/files${q}`)),
    // Names that try to climb out of the folder, encoded or not, beside real ones: the grammar refuses them first.
    'GET /api/reports/files/:scope/:file': read(fc.tuple(
      fc.oneof(fc.constantFrom(...scopes, '321171999', '..', '%2e%2e', '321171%2F..'), pathSegment),
      fc.oneof(fc.constantFrom('2023-06.xlsx', '2023-06.pdf', '2023-13.pdf', '..%2F..%2Fetc%2Fpasswd', '2023-06.exe', '.2023-06.pdf.tmp'), pathSegment),
    ).map(([scope, file]) => `/api/reports/files/${scope}/${file}`)),
    'PUT /api/reports/weights': withBody('PUT', fc.constant('/api/reports/weights'), shape({
      acceptedOnTimeRate: weight, closedOnTimeRate: weight, satisfactionRate: weight, returnRate: weight, reworkRate: weight,
    }, ['satisfactionRate', 'reworkRate'])),
    'GET /api/tickets.csv': read(hostileQuery(['scope', 'status', 'tier', 'category', 'overdue', 'open', 'from', 'to'], {
      scope: enc(fc.constantFrom(...scopes)), status: fc.constantFrom(...TICKET_STATUSES), tier: fc.constantFrom('1', '2', '0'),
      category: fc.constantFrom(...w.categories), overdue: fc.constantFrom('true', 'yes'), open: fc.constantFrom('false', '0'),
      from: enc(isoish), to: enc(isoish),
    }).map((q) => `/api/tickets.csv${q}`)),
  };
}

/** Open311 GeoReport v2: documents by extension, spec-style queries, and filings form-encoded (as the spec says) or JSON. */
function open311Generators(w: FuzzWorld, ticketIds: readonly number[]): Record<string, fc.Arbitrary<FuzzRequest>> {
  const o = (path: string) => `/open311/v2/${path}`;
  const format = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('json', 'xml') }, { weight: 1, arbitrary: pathSegment });
  const jurisdiction = fc.constantFrom('321171', '321171001', 'baltimore', '');
  const stamp = fc.oneof(isoish, fc.integer({ min: REPLAY_YEAR_START_MS - 1e10, max: REPLAY_YEAR_START_MS + 4e10 })
    .map((t) => new Date(t + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00'), fc.constantFrom('2023-01-01', '2023-02-30'));
  const list = <T>(values: readonly T[]) => fc.array(fc.constantFrom(...values), { minLength: 1, maxLength: 4 }).map((xs) => xs.join(','));
  const query = (keys: string[], good: Record<string, fc.Arbitrary<string>> = {}) => hostileQuery(keys, { jurisdiction_id: jurisdiction, ...good });
  const reportFields = {
    api_key: fc.constantFrom(w.open311Key, w.open311Key, w.open311Key, TEST_TOKEN, 'mst_not-a-token', ''),
    service_code: fc.constantFrom(...w.categories, 'potholes'),
    jurisdiction_id: jurisdiction,
    description: text(4000),
    address_string: fc.oneof(text(200), fc.constantFrom(...w.gridIds.slice(0, 10)), fc.constantFrom('丁卯社区东门', '丁卯街道', '藴德社区3幢')),
    'attribute[urgent]': fc.constantFrom('true', 'false', 'yes'),
  };
  const point = fc.constantFrom(...w.centroids).map(({ lng, lat }) => ({ lat: String(lat), long: String(lng) }));
  const report = fc.tuple(fc.option(point, { freq: 2 }), shape(reportFields, ['jurisdiction_id', 'description', 'address_string', 'attribute[urgent]']))
    .map(([where, body]) => Object.assign(Object.create(null) as Record<string, unknown>, where ?? {}, body));
  // What a form carries: every value as text, a list as the key repeated.
  const formOf = (body: Record<string, unknown>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, typeof x === 'string' ? x : JSON.stringify(x) ?? '');
    return params.toString();
  };
  const filing = fc.record({ format, caller, extra: extraHeaders, body: report, asForm: fc.boolean(), jurisdiction: fc.option(jurisdiction) })
    .map(({ format, caller, extra, body, asForm, jurisdiction }): FuzzRequest => ({
      method: 'POST', url: o(`requests.${format}`) + (jurisdiction === null ? '' : `?jurisdiction_id=${jurisdiction}`), caller,
      headers: { ...extra, 'content-type': asForm ? 'application/x-www-form-urlencoded' : 'application/json' },
      payload: asForm ? formOf(body) : JSON.stringify(body),
    }));
  return {
    'GET /open311/v2/discovery.:format': read(fc.tuple(format, query(['x'])).map(([f, q]) => o(`discovery.${f}${q}`))),
    'GET /open311/v2/services.:format': read(fc.tuple(format, query(['jurisdiction_id'])).map(([f, q]) => o(`services.${f}${q}`))),
    'GET /open311/v2/services/:code.:format': read(fc.tuple(idSegment(w.categories), format, query(['jurisdiction_id']))
      .map(([code, f, q]) => o(`services/${code}.${f}${q}`))),
    'GET /open311/v2/requests.:format': read(fc.tuple(format, query(['service_request_id', 'service_code', 'status', 'start_date', 'end_date', 'jurisdiction_id', 'api_key'], {
      service_request_id: list(ticketIds.map(String)), service_code: list(w.categories), status: fc.constantFrom('open', 'closed', 'open,closed', 'pending'),
      start_date: stamp.map(encodeURIComponent), end_date: stamp.map(encodeURIComponent), api_key: fc.constant(TEST_TOKEN),
    })).map(([f, q]) => o(`requests.${f}${q}`))),
    'GET /open311/v2/requests/:id.:format': read(fc.tuple(idSegment(ticketIds), format, query(['jurisdiction_id'])).map(([id, f, q]) => o(`requests/${id}.${f}${q}`))),
    'POST /open311/v2/requests.:format': fc.oneof({ weight: 3, arbitrary: filing }, { weight: 1, arbitrary: withBody('POST', format.map((f) => o(`requests.${f}`)), report) }),
    // Documents that do not exist: never the wall's page, always an Open311 404 (or 414 for an over-long part).
    'GET /open311/v2/*': read(fc.tuple(fc.array(pathSegment, { minLength: 1, maxLength: 3 }), fc.constantFrom('', '.json', '.xml'), query(['x']))
      .map(([parts, ext, q]) => o(`x/${parts.join('/')}${ext}${q}`))),
    'GET /open311/v2': read(query(['x']).map((q) => `/open311/v2${q}`)),
  };
}

/** Paths at the static file server: traversal in every encoding, NUL bytes, long names, the real files. */
const staticPath: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('/', '/index.html', '/assets/app.js', '/drill/town/321171001', '/assets/missing.js', '/favicon.ico') },
  {
    weight: 4,
    arbitrary: fc.tuple(
      fc.constantFrom('/', '/assets/', '/drill/', '/api/', '/%2e/', '//'),
      fc.array(fc.constantFrom('..', '%2e%2e', '%252e%252e', '..%2f', '..%5c', '.%2e', '%c0%ae%c0%ae', '..\\', '%2e%2e%00', '...', '.'), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('secret.txt', 'etc/passwd', 'index.html', 'secret.txt%00.js', 'secret.txt%00', ''),
    ).map(([start, ups, file]) => start + ups.join('/') + '/' + file),
  },
  { weight: 2, arbitrary: fc.array(pathSegment, { minLength: 1, maxLength: 4 }).map((segs) => '/' + segs.join('/')) },
);

/** Any method at any path, known or not: wrong methods on real routes must be 404/405 bodies, never 5xx. */
export const strangerRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST', 'TRACE', 'GET'),
  path: fc.oneof(fc.constantFrom('/api/tickets', '/api/health', '/api/admin/accounts', '/api/auth/login', '/api/summary'), fc.array(pathSegment, { minLength: 1, maxLength: 3 }).map((s) => '/api/' + s.join('/'))),
  caller,
  type: contentType,
  payload: hostileBody(shape({ a: hostileJson })),
}).map(({ method, path, caller, type, payload }): FuzzRequest => ({
  method, url: path, caller, payload: method === 'GET' ? undefined : payload, headers: type && method !== 'GET' ? { 'content-type': type } : ({} as Record<string, string>),
}));

/**
 * Photos: multipart bodies with a valid photo, a photo cut short, a photo's first bytes on something else, or anything;
 * wrong field names, missing or lying boundaries, several parts; GET with ids of any shape and sizes known and not.
 */
function mediaGenerators(): Record<string, fc.Arbitrary<FuzzRequest>> {
  const png = tinyPng();
  const file = fc.oneof(
    { weight: 3, arbitrary: fc.constant(png) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: png.length - 1 }).map((n) => png.subarray(0, n)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.concat([png.subarray(0, 16), Buffer.from(b)])) },
    { weight: 1, arbitrary: fc.constantFrom('<svg xmlns="http://www.w3.org/2000/svg"/>', '#!/bin/sh\necho hi', '\xff\xd8\xff').map((t) => Buffer.from(t, 'latin1')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
  );
  const part = fc.record({
    field: fc.oneof({ weight: 4, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: hostileString.map(headerSafe) }),
    filename: fc.oneof(fc.constantFrom('photo.jpg', 'x.svg', '../../etc/passwd', ''), hostileString.map(headerSafe)),
    type: fc.constantFrom('image/jpeg', 'image/svg+xml', 'application/octet-stream', ''),
    bytes: file,
  });
  const boundary = 'fuzzBoundary7MA4YWxk';
  const body = fc.array(part, { minLength: 0, maxLength: 3 }).map((parts) => multipartBody(boundary, parts));
  const type = fc.constantFrom(`multipart/form-data; boundary=${boundary}`, `multipart/form-data; boundary=${boundary}`, 'multipart/form-data',
    'multipart/form-data; boundary=other', 'application/json', 'image/jpeg', undefined);
  const mediaIds = fc.oneof(fc.constantFrom('AAAAAAAAAAAAAAAAAAAAAA', 'abcdefghijklmnopqrstuv'), pathSegment);
  return {
    'POST /api/media': fc.record({
      caller, extra: extraHeaders, type, payload: fc.oneof({ weight: 5, arbitrary: body }, { weight: 1, arbitrary: hostileBody(fc.constant({})) }),
    }).map(({ caller, extra, type, payload }): FuzzRequest => ({
      method: 'POST', url: '/api/media', caller, payload, headers: { ...extra, ...(type !== undefined && payload !== undefined ? { 'content-type': type } : {}) },
    })),
    'GET /api/media/:id': read(fc.tuple(mediaIds, hostileQuery(['size'], { size: fc.constantFrom('thumb', 'full', 'huge', '') }))
      .map(([id, q]) => `/api/media/${id}${q}`)),
  };
}
