import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, loginAs, testApp } from '../test/app.js';
import { parsePrometheus, sampleValue, type Family } from '../test/prometheus.js';
import { ask, goodReport, listenOnFreePort, socketClients } from '../test/sockets.js';

const METRICS_TOKEN = 'metrics-test-token-0123456789';
/** Every metric of Moshao's own, with its type. */
const OWN = {
  moshao_tickets_ingested_total: 'counter',
  moshao_ticket_transitions_total: 'counter',
  moshao_push_delay_seconds: 'histogram',
  moshao_socket_clients: 'gauge',
  moshao_scope_rooms: 'gauge',
  moshao_screens_reporting: 'gauge',
  moshao_write_batch_size: 'histogram',
  moshao_sqlite_wal_bytes: 'gauge',
  moshao_replay_clock_seconds: 'gauge',
  moshao_module_events_total: 'counter',
} as const;
/** A few of the defaults: process, heap, GC, event-loop lag, and request durations by route. */
const DEFAULTS = {
  process_cpu_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_gc_duration_seconds: 'histogram',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  http_request_duration_seconds: 'histogram',
} as const;

let app: FastifyInstance;
let url: string;
let tmp: string;
let gridId: string;
const clients = socketClients(() => url);

const scrape = async (): Promise<Map<string, Family>> => {
  const res = await app.inject({ url: '/metrics' });
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(res.body);
};
const value = async (name: string, labels: Record<string, string> = {}) => sampleValue(await scrape(), name, labels) ?? NaN;
const fileTicket = async (channel: string) => {
  const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
    category: 'road', title: '路面坑洼', channel, reporterRole: 'resident', gridId,
  } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number };
};
const waitFor = async (check: () => Promise<boolean>, ms = 3000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  // A real SQLite file, so that the write-ahead log has a size.
  tmp = mkdtempSync(join(tmpdir(), 'moshao-metrics-'));
  app = await testApp({ dbPath: join(tmp, 'moshao.db'), metricsToken: METRICS_TOKEN });
  url = await listenOnFreePort(app);
  gridId = (app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 1').get() as { id: string }).id;
}, 60_000);
afterAll(async () => {
  clients.closeAll();
  await app?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('GET /metrics', () => {
  it('serves every metric of Moshao and the defaults with the right TYPE, in a strictly valid exposition', async () => {
    const families = await scrape();
    for (const [name, type] of Object.entries({ ...OWN, ...DEFAULTS })) {
      expect(families.get(name)?.type, name).toBe(type);
      expect(families.get(name)?.help, name).not.toBe('');
    }
    // Counters start at 0 for every known label value, so a first increment is seen as one.
    expect(sampleValue(families, 'moshao_ticket_transitions_total', { action: 'accept' })).toBe(0);
    expect(sampleValue(families, 'moshao_module_events_total', { type: 'vehicle.passed' })).toBe(0);
  });

  it('counts three filed tickets by their channel, exactly', async () => {
    const before = await value('moshao_tickets_ingested_total', { channel: 'grid_patrol' });
    const otherBefore = await value('moshao_tickets_ingested_total', { channel: 'hotline_12345' });
    for (let i = 0; i < 3; i++) await fileTicket('grid_patrol');
    expect(await value('moshao_tickets_ingested_total', { channel: 'grid_patrol' })).toBe(before + 3);
    expect(await value('moshao_tickets_ingested_total', { channel: 'hotline_12345' })).toBe(otherBefore);
  });

  it('counts a transition by its action, and a refused one not at all', async () => {
    const { id } = await fileTicket('mini_program');
    const admin = await loginAs(app, 'admin');
    const accept = (await value('moshao_ticket_transitions_total', { action: 'accept' }));
    const res = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: admin, payload: { action: 'accept' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await value('moshao_ticket_transitions_total', { action: 'accept' })).toBe(accept + 1);
    // Accepting an accepted ticket is illegal: 409, nothing counted.
    const again = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: admin, payload: { action: 'accept' } });
    expect(again.statusCode).toBe(409);
    expect(await value('moshao_ticket_transitions_total', { action: 'accept' })).toBe(accept + 1);
  });

  it('counts accepted 人车房物 events by type, not duplicates or rejected ones', async () => {
    const before = await value('moshao_module_events_total', { type: 'vehicle.passed' });
    const event = (id: string, gridIdOf = gridId) => ({ id, type: 'vehicle.passed', at: new Date(app.moshao.now() - 60_000).toISOString(), gridId: gridIdOf, direction: 'in', gate: '北门' });
    const send = (events: unknown[]) => app.inject({ method: 'POST', url: '/api/modules/events', headers: auth, payload: { events } });
    const first = await send([event('m-1'), event('m-2'), event('m-3', '321171999999-01')]);
    expect(first.json()).toMatchObject({ accepted: 2, duplicates: 0 });
    expect((await send([event('m-1')])).json()).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await value('moshao_module_events_total', { type: 'vehicle.passed' })).toBe(before + 2);
  });

  it('times HTTP requests by route pattern, never by the raw URL', async () => {
    await app.inject({ url: '/api/tickets/1' });
    await app.inject({ url: '/api/tickets/2?q=王小明' });
    const routes = (await scrape()).get('http_request_duration_seconds')!.samples.map((s) => s.labels.route);
    expect(routes).toContain('/api/tickets/:id');
    expect(routes.filter((r) => /\/api\/tickets\/\d/.test(r) || r.includes('?'))).toEqual([]);
    // Scrapes are not timed: they would only measure the scraper.
    expect(routes).not.toContain('/metrics');
  });

  it('measures each group commit and, with a wall listening, the delay from commit to the delta carrying it', async () => {
    // Earlier tests' changes go out now (to nobody): this flush carries only the ticket below.
    app.moshao.broadcaster.flushNow();
    const families = await scrape();
    const commits = sampleValue(families, 'moshao_write_batch_size_count')!;
    const delays = sampleValue(families, 'moshao_push_delay_seconds_count')!;
    const wall = await clients.connect();
    const ack = await ask(wall, 'scope:subscribe', { scope: '321171' });
    expect(ack.ok).toBe(true);
    const delta = new Promise((resolve) => wall.once('scope:delta', resolve));
    const t0 = performance.now();
    await fileTicket('resident');
    await delta;
    const elapsedS = (performance.now() - t0) / 1000;
    await waitFor(async () => (await value('moshao_push_delay_seconds_count')) > delays);
    const after = await scrape();
    expect(sampleValue(after, 'moshao_push_delay_seconds_count')).toBe(delays + 1);
    expect(sampleValue(after, 'moshao_write_batch_size_count')).toBe(commits + 1);
    expect(sampleValue(after, 'moshao_write_batch_size_sum')! - sampleValue(families, 'moshao_write_batch_size_sum')!).toBe(1);
    // The delay of this one delta: from its commit to its emit, so within the time from filing to the delta arriving.
    const delay = sampleValue(after, 'moshao_push_delay_seconds_sum')! - sampleValue(families, 'moshao_push_delay_seconds_sum')!;
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(elapsedS);
  });

  it('reads sockets, scope rooms, reporting screens, the WAL and the clock when scraped', async () => {
    clients.closeAll();
    await waitFor(async () => (await value('moshao_socket_clients')) === 0);
    const a = await clients.connect();
    const b = await clients.connect();
    expect((await ask(a, 'scope:subscribe', { scope: '321171001' })).ok).toBe(true);
    expect((await ask(b, 'scope:subscribe', { scope: '321171001' })).ok).toBe(true);
    expect((await ask(b, 'screen:health', goodReport('wall-metrics'))).ok).toBe(true);
    const families = await scrape();
    expect(sampleValue(families, 'moshao_socket_clients')).toBe(2);
    expect(sampleValue(families, 'moshao_scope_rooms')).toBe(1);
    expect(sampleValue(families, 'moshao_screens_reporting')).toBe(1);
    expect(sampleValue(families, 'moshao_sqlite_wal_bytes')).toBeGreaterThan(0);
    expect(sampleValue(families, 'moshao_replay_clock_seconds')).toBeCloseTo(app.moshao.now() / 1000, 0);
    clients.closeAll();
    await waitFor(async () => (await value('moshao_socket_clients')) === 0);
    expect(await value('moshao_screens_reporting')).toBe(0);
    expect(await value('moshao_scope_rooms')).toBe(0);
  });
});

describe('who may read /metrics', () => {
  const from = (remoteAddress: string, headers: Record<string, string> = {}) => app.inject({ url: '/metrics', remoteAddress, headers });

  it('answers loopback callers without a token', async () => {
    expect((await from('127.0.0.1')).statusCode).toBe(200);
    expect((await from('::1')).statusCode).toBe(200);
    expect((await from('127.0.0.53')).statusCode).toBe(200);
    expect((await from('::ffff:127.0.0.1')).statusCode).toBe(200);
    // Look-alikes are not loopback.
    expect((await from('128.0.0.1')).statusCode).toBe(401);
    expect((await from('::ffff:10.0.0.1')).statusCode).toBe(401);
  });

  it('refuses another machine without the token, or with a wrong one, as JSON', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: METRICS_TOKEN }] as Record<string, string>[]) {
      const res = await from('10.1.2.3', headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.json()).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
      expect(res.body).not.toContain('moshao_');
    }
  });

  it('answers another machine that sends the token', async () => {
    const res = await from('10.1.2.3', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(parsePrometheus(res.body).has('moshao_tickets_ingested_total')).toBe(true);
  });

  it('takes a request forwarded by a proxy on this machine for the remote caller it is', async () => {
    expect((await from('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(401);
    expect((await from('127.0.0.1', { forwarded: 'for=203.0.113.9' })).statusCode).toBe(401);
    expect((await from('127.0.0.1', { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${METRICS_TOKEN}` })).statusCode).toBe(200);
  });

  it('without a configured token, refuses every other machine with 403', async () => {
    const other = await testApp();
    try {
      const res = await other.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden' });
      // A second app in the same process has its own registry: its counters start from zero.
      expect(sampleValue(parsePrometheus((await other.inject({ url: '/metrics' })).body), 'moshao_tickets_ingested_total', { channel: 'grid_patrol' })).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('the test parser is strict', () => {
  it.each([
    ['a sample without its family', 'foo 1\n'],
    ['a TYPE after samples', '# HELP foo x\n# TYPE foo gauge\nfoo 1\n# TYPE foo gauge\n'],
    ['a value that is no number', '# HELP foo x\n# TYPE foo gauge\nfoo one\n'],
    ['broken labels', '# HELP foo x\n# TYPE foo gauge\nfoo{a="1",b=2} 1\n'],
    ['a histogram whose +Inf is not its count', '# HELP h x\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n'],
  ])('rejects %s', (_what, text) => {
    expect(() => parsePrometheus(text)).toThrow();
  });
});
