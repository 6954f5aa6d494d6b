import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodyProblem } from '../test/fuzz-tally.js';
import { open311ErrorProblem } from '../test/open311.js';
import { registeredRoutes } from '../test/routes.js';
import { auth, loginAs, testApp, type SessionHeaders } from '../test/app.js';
import { listenOnFreePort } from '../test/sockets.js';

/**
 * No request may stall the server, whatever its parameters. Every GET route the app registers (read from the app
 * itself, so a new route is attacked too) gets its worst parameters: each query parameter any route reads, as one
 * sensible value, that value repeated hundreds of times in a comma list, the key itself repeated hundreds of times, a
 * long string and huge numbers; path parameters as real ids, huge ids and long text. Meanwhile a second client asks
 * GET /api/health over the same real port. Every answer must be below 500 and one of the documented statuses with a
 * well-formed refusal, every request must run at most a handful of SQL statements (a list is one statement, not one
 * per value), and /api/health must keep answering. Its worst latency is printed, not asserted: stall limits are
 * machine-dependent and live in the benchmarks.
 */

/** The statuses a GET may answer (docs/api.md, "Errors"): no 5xx, nothing undocumented. */
const DOCUMENTED = new Set([200, 304, 400, 401, 403, 404, 409, 414, 429]);
/** SQL statements one GET may run, whatever its parameters: a fixed handful (session, row, timeline, gauges), never one per value. */
const STATEMENTS_MAX = 12;
const REPEATS = 400;
const LONG_CHARS = 6000;
const HEALTH_EVERY_MS = 10;

/** A sensible value of each query parameter some route reads; the attack repeats and stretches it. */
const GOOD: Record<string, string> = {
  scope: '321171001', status: 'open', tier: '2', category: 'road', overdue: 'true', open: 'true', from: '2023-01-01T00:00:00+08:00',
  to: '2023-12-31T00:00:00+08:00', cursor: '999999999999', limit: '200', level: 'grid', v: 'x', action: 'ticket.create',
  service_code: 'road', service_request_id: '1', jurisdiction_id: '321171', start_date: '2023-09-01', end_date: '2023-10-01',
};

/** The worst forms of one parameter. */
function worstQueries(name: string, good: string): string[] {
  const e = encodeURIComponent;
  const commaList = Array(REPEATS).fill(good).join(',').slice(0, LONG_CHARS);
  return [
    `${name}=${e(good)}`,
    `${name}=${e(commaList)}`,
    Array(REPEATS).fill(`${name}=${e(good)}`).join('&').slice(0, LONG_CHARS * 2),
    `${name}=${'x'.repeat(LONG_CHARS)}`,
    `${name}=${'9'.repeat(400)}`,
    `${name}=1`,
  ];
}

let app: FastifyInstance;
let base: string;
let admin: SessionHeaders;
let clientDir: string;
let cellId: string;

/** Counts every SQL statement run in this process: prepared statements' all, get, run and iterate. */
function countStatements(instance: FastifyInstance): { read(): number; stop(): void } {
  const proto = Object.getPrototypeOf(instance.moshao.db.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = Object.fromEntries((['all', 'get', 'run', 'iterate'] as const).map((m) => [m, proto[m]]));
  let n = 0;
  for (const [m, fn] of Object.entries(originals)) {
    proto[m] = function (this: unknown, ...args: unknown[]) {
      n += 1;
      return fn.apply(this, args);
    };
  }
  return { read: () => n, stop: () => Object.assign(proto, originals) };
}

/** Each path parameter's values: a real one, a huge one, long text. */
function pathsOf(pattern: string): string[] {
  const realId = pattern.startsWith('/api/drill/grid/') ? cellId : pattern.startsWith('/api/scopes/') ? '321171001' : '1';
  return [realId, '9'.repeat(12), 'x'.repeat(90)].map((id) => (pattern === '*' ? `/x/${id}` : pattern
    .replace(':id', id).replace(':code', id === '1' ? 'road' : id).replace(':format', 'json').replace(/\*$/, `x/${id}`)));
}

beforeAll(async () => {
  clientDir = mkdtempSync(join(tmpdir(), 'moshao-worst-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>wall</title>');
  // One checkpoint at the start and none while the routes are measured: see below.
  app = await testApp({ clientDir, aggregateCheckpoints: { everyMs: 3_600_000, maxChanges: 1_000_000_000 } });
  admin = await loginAs(app, 'admin');
  cellId = (app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 1').get() as { id: string }).id;
  base = await listenOnFreePort(app);
  // The first aggregates checkpoint (within 5 s of a start that counted the world) writes in slices between turns; the
  // counter below counts the whole process, so it is let finish before any request is measured, and no later one runs.
  const checkpointed = app.moshao.db.prepare('SELECT count(*) FROM aggregate_checkpoint WHERE generation > 0').pluck();
  for (let i = 0; i < 300 && checkpointed.get() === 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect(checkpointed.get()).toBe(1);
  await new Promise((r) => setTimeout(r, 1000));
});
afterAll(async () => {
  await app.close();
  rmSync(clientDir, { recursive: true, force: true });
});

describe('worst parameters on every GET route', () => {
  it('answers each below 500 as documented, in a few statements, while /api/health keeps answering', async () => {
    const routes = registeredRoutes(app).filter((r) => r.startsWith('GET ')).map((r) => r.slice(4));
    expect(routes).toContain('/open311/v2/requests.:format');
    expect(routes).toContain('/api/tickets');
    const statements = countStatements(app);
    const problems: string[] = [];
    const worstStatements = new Map<string, number>();
    let sent = 0;
    let attacking = true;
    const health: number[] = [];
    // The second client: /api/health over the same port, as often as it is answered, for as long as the attack runs.
    const prober = (async () => {
      while (attacking) {
        const t0 = performance.now();
        const res = await fetch(`${base}/api/health`);
        await res.arrayBuffer();
        if (res.status !== 200) problems.push(`/api/health answered ${res.status}`);
        health.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
      }
    })();
    try {
      // Each route's worst path parameters, then every worst query on its real path.
      const queries = Object.entries(GOOD).flatMap(([name, good]) => worstQueries(name, good));
      for (const route of routes) {
        const [real, ...worse] = pathsOf(route);
        for (const url of [...worse, ...queries.map((q) => `${real}?${q}`)]) {
          {
            const path = url.split('?')[0];
            const before = statements.read();
            const res = await fetch(base + url, { headers: { ...admin } });
            const body = await res.text();
            const ran = statements.read() - before;
            sent += 1;
            worstStatements.set(route, Math.max(worstStatements.get(route) ?? 0, ran));
            const where = `GET ${url.slice(0, 120)} -> ${res.status}`;
            if (!DOCUMENTED.has(res.status)) problems.push(`${where}: undocumented status ${body.slice(0, 160)}`);
            if (ran > STATEMENTS_MAX) problems.push(`${where}: ${ran} SQL statements`);
            if (res.status >= 400) {
              const type = res.headers.get('content-type') ?? undefined;
              const bad = path.startsWith('/open311/') ? open311ErrorProblem(res.status, type, body) : errorBodyProblem(type, body);
              if (bad) problems.push(`${where}: ${bad}`);
            }
            if ((path.startsWith('/open311/v2/x/') || path === '/open311/v2') && res.status === 200) problems.push(`${where}: an unknown Open311 document answered 200`);
          }
        }
      }
    } finally {
      attacking = false;
      await prober;
      statements.stop();
    }
    const worst = Math.max(...health);
    console.log(`\nworst parameters: ${sent} GETs over ${routes.length} routes; /api/health answered ${health.length} times meanwhile, worst ${worst.toFixed(0)} ms`
      + `\nstatements per request, worst by route: ${[...worstStatements].map(([r, n]) => `${r} ${n}`).join(', ')}\n`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(health.length).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(routes.length * Object.keys(GOOD).length * 5);
  });

  it('runs one statement for a search that repeats one value hundreds of times, as for the value once', async () => {
    const statements = countStatements(app);
    try {
      const count = async (url: string) => {
        const before = statements.read();
        const res = await fetch(base + url);
        await res.arrayBuffer();
        expect(res.status, url.slice(0, 100)).toBe(200);
        return statements.read() - before;
      };
      const once = await count('/open311/v2/requests.json?service_code=road');
      expect(once).toBeGreaterThan(0);
      expect(await count(`/open311/v2/requests.json?service_code=${Array(REPEATS).fill('road').join(',')}`)).toBe(once);
      expect(await count(`/open311/v2/requests.json?service_request_id=${Array(REPEATS).fill('1').join(',')}`)).toBe(once);
      const ids = Array.from({ length: 1000 }, (_, i) => i + 1).join(',');
      expect(await count(`/open311/v2/requests.xml?service_request_id=${ids}`)).toBe(once);
    } finally {
      statements.stop();
    }
  });

  it('answers unknown Open311 documents with an Open311 404 in the format asked, never the wall page', async () => {
    const paths = ['foo', 'foo.json', 'foo.xml', 'requests/1/x', 'requests/1/x.json', 'requests/1/x.xml', ''].map((p) => `/open311/v2/${p}`);
    for (const path of [...paths, '/open311/v2']) {
      const res = await fetch(base + path);
      const body = await res.text();
      expect(res.status, path).toBe(404);
      const type = res.headers.get('content-type') ?? '';
      expect(type, path).toBe(path.endsWith('.xml') ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8');
      expect(open311ErrorProblem(404, type, body), path).toBeNull();
      expect(body).toContain('No Open311 document GET');
    }
    // The wall's own deep links still get the page.
    expect((await fetch(`${base}/drill/town/321171001`)).headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('reads the list filters of GET /api/tickets once per distinct value, and refuses more than 20 naming the filter', async () => {
    const ids = async (query: string) => {
      const res = await fetch(`${base}/api/tickets?limit=200&${query}`, { headers: { ...admin } });
      expect(res.status, `${query.slice(0, 80)}: ${(await res.clone().text()).slice(0, 200)}`).toBe(200);
      return ((await res.json()) as { items: { id: number }[] }).items.map((t) => t.id);
    };
    const union = (...lists: number[][]) => [...new Set(lists.flat())].sort((a, b) => b - a);
    expect(await ids('status=reported,accepted')).toEqual(union(await ids('status=reported'), await ids('status=accepted')));
    expect(await ids(`status=${Array(40).fill('reported').join(',')}`)).toEqual(await ids('status=reported'));
    expect(await ids('tier=1,2,3')).toEqual(await ids(''));
    // Two tickets in two cells, filed now (the demo's planned tickets lie ahead of the test clock).
    const [a, b] = (app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 2').all() as { id: string }[]).map((r) => r.id);
    for (const gridId of [a, b, a]) {
      const filed = await app.inject({
        method: 'POST', url: '/api/tickets', headers: auth,
        payload: { category: 'road', title: '路面破损', channel: 'resident', reporterRole: 'resident', gridId },
      });
      expect(filed.statusCode, filed.body).toBe(201);
    }
    expect(await ids(`scope=${a},${b}`)).toEqual(union(await ids(`scope=${a}`), await ids(`scope=${b}`)));
    expect((await ids(`scope=${a},${b}`)).length).toBeGreaterThan(0);

    const refusal = async (query: string) => {
      const res = await fetch(`${base}/api/tickets?${query}`, { headers: { ...admin } });
      return { status: res.status, ...((await res.json()) as { error: string; message: string; field?: string }) };
    };
    const cells = (app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 21').all() as { id: string }[]).map((r) => r.id);
    expect(await refusal(`scope=${cells.join(',')}`)).toMatchObject({ status: 400, field: 'scope', message: expect.stringMatching(/at most 20 different values/) });
    expect(await refusal('status=reported&status=reported')).toMatchObject({ status: 400, field: 'status', message: expect.stringMatching(/given once/) });
    expect(await refusal('category=road,potholes')).toMatchObject({ status: 400, field: 'category', message: expect.stringMatching(/Unknown category "potholes"/) });
    expect(await refusal('scope=321171001,999')).toMatchObject({ status: 404, field: 'scope' });
  });
});
