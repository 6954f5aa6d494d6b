import autocannon, { type Result } from 'autocannon';
import { join } from 'node:path';
import { log, type BenchConfig } from './config.js';
import { intakeBodies } from './lib/bodies.js';
import { fetchCatalogue } from './lib/catalogue.js';
import { spawnChild } from './lib/child.js';
import { getJson, httpRequest } from './lib/http.js';
import { fmtInt, fmtMs } from './lib/stats.js';
import { ratio, type Row } from './lib/table.js';

const GOAL_RATIO = 0.5;
/**
 * Distinct bodies, shared by all connections through one counter: 22 categories x 325 cells, so a (category, cell)
 * pair recurs only every 7,150 requests and the duplicate lookup finds a realistic handful, not the same 20 every time.
 */
const BODY_COUNT = 22 * 325;

interface Load {
  reqPerS: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

async function load(cfg: BenchConfig, port: number, bodies: string[], token: string, seconds: number): Promise<Load> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  let next = 0;
  const r: Result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: cfg.ingestConnections,
    pipelining: 1,
    duration: seconds,
    requests: [{ method: 'POST', path: '/api/tickets', headers, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
  });
  const ok = r.statusCodeStats['201']?.count ?? 0;
  return { reqPerS: ok / r.duration, ok, non2xx: r.non2xx, errors: r.errors, p50: r.latency.p50, p99: r.latency.p99 };
}

async function measure(cfg: BenchConfig, label: string, port: number, bodies: string[], token: string): Promise<Load> {
  if (cfg.ingestWarmupSeconds > 0) await load(cfg, port, bodies, token, cfg.ingestWarmupSeconds);
  const l = await load(cfg, port, bodies, token, cfg.ingestSeconds);
  log(`ingest ${label}: ${fmtInt(l.reqPerS)} req/s (201s), p50 ${fmtMs(l.p50)}, p99 ${fmtMs(l.p99)}, non-2xx ${l.non2xx}, errors ${l.errors}`);
  return l;
}

/** Sustained POST /api/tickets against the real app (small world, temp-file SQLite) vs a bare Fastify JSON route. */
export async function benchIngest(cfg: BenchConfig, tmp: string, profileFlags: string[]): Promise<Row[]> {
  log('ingest: starting the app (ticketScale 0.01 world) and the bare Fastify baseline in child processes');
  const app = await spawnChild<{ port: number; token: string }>('ingest-app', 'servers/app-server.ts', {
    env: { BENCH_DB: join(tmp, 'ingest.db'), BENCH_SCALE: '0.01' }, nodeFlags: profileFlags,
  });
  const base = await spawnChild<{ port: number }>('ingest-baseline', 'servers/baseline-ingest.ts');
  try {
    const catalogue = await fetchCatalogue(app.ready.port);
    const bodies = intakeBodies(catalogue, BODY_COUNT).map((b) => JSON.stringify(b));
    // One real request first: a 4xx here would make the whole run measure error handling.
    const probe = await httpRequest(app.ready.port, 'POST', '/api/tickets', { body: bodies[0], headers: { authorization: `Bearer ${app.ready.token}` } });
    if (probe.status !== 201) throw new Error(`ingest probe: HTTP ${probe.status} ${probe.body.slice(0, 300)}`);

    log(`ingest: ${cfg.ingestConnections} connections, pipelining 1, ${cfg.ingestWarmupSeconds} s warm-up + ${cfg.ingestSeconds} s each`);
    const baseline = await measure(cfg, 'baseline (bare Fastify)', base.ready.port, bodies, app.ready.token);
    const ours = await measure(cfg, 'ours', app.ready.port, bodies, app.ready.token);
    const filed = (await getJson<{ tickets: number }>(app.ready.port, '/api/health')).tickets;

    const r = ours.reqPerS / baseline.reqPerS;
    const met = r >= GOAL_RATIO && ours.non2xx === 0;
    return [{
      benchmark: `ingest: POST /api/tickets req/s (${cfg.ingestConnections} conns)`,
      baseline: `${fmtInt(baseline.reqPerS)} req/s`,
      ours: `${fmtInt(ours.reqPerS)} req/s`,
      ratio: ratio(ours.reqPerS, baseline.reqPerS),
      goal: `>= ${GOAL_RATIO}x baseline`,
      verdict: met ? 'met' : 'MISSED',
      note: met ? undefined
        : `${((GOAL_RATIO - r) * baseline.reqPerS).toFixed(0)} req/s short of the goal; ours p50 ${fmtMs(ours.p50)} / p99 ${fmtMs(ours.p99)} `
          + `(baseline ${fmtMs(baseline.p50)} / ${fmtMs(baseline.p99)}), ${ours.non2xx} non-2xx; ${fmtInt(filed)} tickets in the db at the end. `
          + 'Per intake the one event loop validates, authorises, writes the ticket, its event and its audit row (group-committed '
          + 'with the other requests of the same turn), runs the 250 m duplicate lookup and serialises the answer; see BENCHMARKS.md.',
    }];
  } finally {
    await Promise.all([app.stop(), base.stop()]);
  }
}
