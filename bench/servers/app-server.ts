/**
 * The real Moshao app as a benchmark target: buildApp on BENCH_DB in demo mode with the replay paused (autoPlay false,
 * so only the benchmark's own requests change anything), listening on an ephemeral loopback port.
 * Prints one JSON line: port, token and where start-up time went (ms since process start).
 */
const importStart = performance.now();
const { buildApp } = await import('../../server/app.js');
const imported = performance.now();

const dbPath = process.env.BENCH_DB;
if (!dbPath) throw new Error('BENCH_DB is required');
const token = 'bench-intake-token-0123456789';
let rebuild = '';
// BENCH_REDIS_URL: a writer of the push cluster (bench/edges.ts), its walls on edges.
const { connectCluster } = await import('../../server/cluster/redis-link.js');
const cluster = process.env.BENCH_REDIS_URL ? await connectCluster(process.env.BENCH_REDIS_URL, (l) => process.stderr.write(`${l}\n`)) : undefined;
const app = await buildApp({
  cluster,
  dbPath,
  mode: 'demo',
  autoPlay: false,
  intakeToken: token,
  // The benchmark measures how fast intake can go: one token sends thousands a second, far above the real budget.
  budgets: { intake: { perMinute: Number.MAX_SAFE_INTEGER, burst: Number.MAX_SAFE_INTEGER } },
  // Its thousands of walls all come from 127.0.0.1: lift the per-address socket limits.
  socketsPerAddress: 100_000, handshakes: { burst: 100_000, perSecond: 100_000 },
  clientDir: '/nonexistent',
  ticketScale: Number(process.env.BENCH_SCALE ?? 1),
  onProgress: (line) => {
    if (line.startsWith('aggregates ')) rebuild = line; // rebuilt, or taken back from the last checkpoint
    if (process.env.BENCH_VERBOSE === '1') process.stderr.write(`${line}\n`);
  },
});
const built = performance.now();
if (cluster) await cluster.joined(app.moshao.io);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.stdout.write(
  `${JSON.stringify({ port, token, startup: { beforeImportMs: importStart, importMs: imported - importStart, buildAppMs: built - imported, listenMs: performance.now() - built }, rebuild })}\n`,
);

// BENCH_REPORT_TIMELINE=1: a second line once the demo's seek timeline is in memory (loaded in the background after
// every start, a read of every ticket: bench/snapshot.ts times the summary before and after it).
if (process.env.BENCH_REPORT_TIMELINE === '1' && app.moshao.replayer) {
  const from = performance.now();
  void app.moshao.replayer.prepare().then(() => {
    process.stdout.write(`${JSON.stringify({ timelineLoadedMs: performance.now() - from, heapMb: process.memoryUsage().heapUsed / 2 ** 20 })}\n`);
  });
}

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  // Close properly so SQLite checkpoints and the CPU profile (--cpu-prof) is written on exit.
  void app.close().then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
