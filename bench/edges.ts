/**
 * `npm run bench:edges`: the push tier beyond one process. Intake-to-screen latency (POST /api/tickets to a client's
 * ticket:upsert) for N clients on one `all` process, then N clients split over two edges in front of a writer
 * (bench/lib/push-run.ts, one target at a time); then one edge alone at growing client counts, for
 * what one edge holds while p95 stays under a bound. Every server, and the clients, run in child processes; Redis is
 * a redis-server of its own on a free port. Prints a table and writes bench/results/edges.md.
 * Knobs: BENCH_EDGE_CLIENTS (2000), BENCH_EDGE_SWEEP (500,1000,2000,4000), BENCH_EDGE_P95_BOUND_MS (1000), and the
 * push knobs of bench/config.ts (BENCH_PUSH_SECONDS, BENCH_PUSH_INTERVAL_MS; BENCH_QUICK=1 for a smoke run).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedis } from '../server/test/redis-server.js';
import { loadBenchConfig, log } from './config.js';
import { intakeBodies } from './lib/bodies.js';
import { fetchCatalogue } from './lib/catalogue.js';
import { spawnChild, type Child } from './lib/child.js';
import { closeHttpAgent } from './lib/http.js';
import { runInterleaved, type PushTarget } from './lib/push-run.js';
import { fmtInt, fmtMs, percentile } from './lib/stats.js';
import { ratio, renderTable, type Row } from './lib/table.js';
import { makeTmpDir, removeTmpDir } from './lib/tmp.js';

const RESULTS = fileURLToPath(new URL('./results/edges.md', import.meta.url));
type Ready = { port: number; token: string };

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const list = (raw: string | undefined, fallback: number[]) => (raw ? raw.split(',').map(Number).filter((n) => n > 0) : fallback);
const triple = (l: number[]) => `${fmtMs(percentile(l, 50))} / ${fmtMs(percentile(l, 95))} / ${fmtMs(percentile(l, 99))}`;

async function main(): Promise<number> {
  const cfg = loadBenchConfig();
  const clients = Number(process.env.BENCH_EDGE_CLIENTS ?? (cfg.quick ? 400 : 2000));
  const sweep = list(process.env.BENCH_EDGE_SWEEP, cfg.quick ? [200, 400] : [500, 1000, 2000, 4000]);
  const boundMs = Number(process.env.BENCH_EDGE_P95_BOUND_MS ?? 1000);
  const loadAtStart = loadavg()[0];
  const tmp = makeTmpDir();
  const redis = await startRedis();
  const children: Child<unknown>[] = [];
  const rows: Row[] = [];
  try {
    const scale = { BENCH_SCALE: '0.01' };
    log('edges: starting one `all` process, a writer and two edges (ticketScale 0.01 worlds) in child processes');
    const all = await spawnChild<Ready>('all', 'servers/app-server.ts', { env: { BENCH_DB: join(tmp, 'all.db'), ...scale } });
    children.push(all);
    const writer = await spawnChild<Ready>('writer', 'servers/app-server.ts', { env: { BENCH_DB: join(tmp, 'writer.db'), BENCH_REDIS_URL: redis.url, ...scale } });
    children.push(writer);
    const edgeEnv = { BENCH_REDIS_URL: redis.url, BENCH_WRITER_URL: `http://127.0.0.1:${writer.ready.port}` };
    const edgeA = await spawnChild<{ port: number }>('edge-a', 'servers/edge-server.ts', { env: edgeEnv });
    const edgeB = await spawnChild<{ port: number }>('edge-b', 'servers/edge-server.ts', { env: edgeEnv });
    children.push(edgeA, edgeB);
    const bodies = intakeBodies(await fetchCatalogue(all.ready.port), 64).map((b) => JSON.stringify(b));
    const intake = (token: string) => ({ authorization: `Bearer ${token}` });

    // Side by side: the same clients and tickets, one process and then two edges (tickets filed through edge A). One
    // after the other, not interleaved: 2 x 2,000 sockets at once would measure the two cores' queue, not the tiers.
    const push = { ...cfg, pushClients: clients, pushClientProcs: 2 };
    const [one] = await runInterleaved(push, [{ label: 'all', port: all.ready.port, path: '/api/tickets', headers: intake(all.ready.token) }], bodies);
    await all.stop();
    const [two] = await runInterleaved(push, [
      { label: 'edges', port: edgeA.ready.port, clientPorts: [edgeA.ready.port, edgeB.ready.port], path: '/api/tickets', headers: intake(writer.ready.token) },
    ], bodies);
    log(`edges: one process p50/p95/p99 ${triple(one.latencies)} (${one.missing} missing); two edges ${triple(two.latencies)} (${two.missing} missing)`);
    rows.push({
      benchmark: `push tier: intake -> ticket:upsert p50/p95/p99, ${fmtInt(clients)} clients`,
      baseline: `${triple(one.latencies)} one process`, ours: `${triple(two.latencies)} two edges`,
      ratio: ratio(percentile(two.latencies, 95), percentile(one.latencies, 95)), goal: 'info', verdict: 'info',
      note: `missing receipts (not within 1.5 s of the last post): one process ${one.missing}, two edges ${two.missing}. Servers, Redis and the ${fmtInt(clients)} client sockets share this machine's ${cpus().length} cores.`,
    });

    // One edge alone, growing: what it holds while p95 stays under the bound.
    let holds = 0;
    for (const n of sweep) {
      const target: PushTarget = { label: `edge-${n}`, port: edgeA.ready.port, clientPorts: [edgeA.ready.port], path: '/api/tickets', headers: intake(writer.ready.token) };
      // The edge's own CPU over the step (connecting, subscribing, the rounds): how much of a core those clients cost.
      const cpu0 = cpuSeconds(edgeA.proc.pid!);
      const t0 = performance.now();
      const [r] = await runInterleaved({ ...cfg, pushClients: n, pushClientProcs: Math.max(1, Math.ceil(n / 1000)) }, [target], bodies);
      const cores = (cpuSeconds(edgeA.proc.pid!) - cpu0) / ((performance.now() - t0) / 1000);
      const p95 = percentile(r.latencies, 95);
      log(`edges: one edge, ${n} clients: p50/p95/p99 ${triple(r.latencies)} (${r.missing} missing), edge CPU ${cores.toFixed(2)} cores`);
      const ok = p95 <= boundMs && r.missing === 0;
      if (ok) holds = n;
      rows.push({
        benchmark: `one edge, ${fmtInt(n)} clients: p50/p95/p99 (edge CPU ${cores.toFixed(2)} cores)`, baseline: '—', ours: triple(r.latencies), ratio: '—',
        goal: `p95 <= ${fmtMs(boundMs)}`, verdict: ok ? 'met' : 'MISSED', note: r.missing ? `${r.missing} receipts missing` : undefined,
      });
    }
    rows.push({ benchmark: 'one edge holds (p95 under the bound)', baseline: '—', ours: `${fmtInt(holds)} clients`, ratio: '—', goal: 'info', verdict: 'info' });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await redis.stop();
    closeHttpAgent();
    removeTmpDir(tmp);
  }
  const header = `Moshao push tier, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), `
    + `Node ${process.version}${cfg.quick ? ', BENCH_QUICK=1' : ''}; 1-min load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`;
  const text = `${header}\n\n${renderTable(rows)}\n`;
  process.stdout.write(`\n${text}`);
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  writeFileSync(RESULTS, text);
  log('written to bench/results/edges.md');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
