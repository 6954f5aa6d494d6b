import { join } from 'node:path';
import { COALESCE_WINDOW_MS } from '../shared/constants.js';
import { log, type BenchConfig } from './config.js';
import { intakeBodies } from './lib/bodies.js';
import { fetchCatalogue } from './lib/catalogue.js';
import { spawnChild } from './lib/child.js';
import { runInterleaved } from './lib/push-run.js';
import { fmtInt, fmtMs, percentile } from './lib/stats.js';
import { ratio, type Row } from './lib/table.js';

const GOAL_RATIO = 2;

const triple = (l: number[]) => `${fmtMs(percentile(l, 50))} / ${fmtMs(percentile(l, 95))} / ${fmtMs(percentile(l, 99))}`;

/** Intake-to-screen latency at N subscribed clients: the app (coalescing broadcaster) vs a bare io.emit(). */
export async function benchPush(cfg: BenchConfig, tmp: string, profileFlags: string[]): Promise<Row[]> {
  log('push: starting the app (ticketScale 0.01 world) and the bare Socket.IO baseline in child processes');
  const app = await spawnChild<{ port: number; token: string }>('push-app', 'servers/app-server.ts', {
    env: { BENCH_DB: join(tmp, 'push.db'), BENCH_SCALE: '0.01' }, nodeFlags: profileFlags,
  });
  const raw = await spawnChild<{ port: number }>('push-raw', 'servers/raw-socketio.ts');
  try {
    const bodies = intakeBodies(await fetchCatalogue(app.ready.port), 64).map((b) => JSON.stringify(b));
    log(`push: ${cfg.pushClients} clients per server over ${cfg.pushClientProcs} process(es), both servers measured interleaved`);
    const [base, ours] = await runInterleaved(cfg, [
      { label: 'raw', port: raw.ready.port, path: '/emit', headers: {} },
      { label: 'ours', port: app.ready.port, path: '/api/tickets', headers: { authorization: `Bearer ${app.ready.token}` } },
    ], bodies);
    log(`push baseline p50/p95/p99 ${triple(base.latencies)} (${fmtInt(base.latencies.length)} receipts, ${base.missing} missing)`);
    log(`push ours p50/p95/p99 ${triple(ours.latencies)} (${fmtInt(ours.latencies.length)} receipts, ${ours.missing} missing)`);
    log(`push payloads: raw upsert ${base.upsertBytes} B; ours upsert ${ours.upsertBytes} B + scope:delta ${ours.deltaBytes} B per flush`);

    const b95 = percentile(base.latencies, 95);
    const o95 = percentile(ours.latencies, 95);
    const clients = `${fmtInt(cfg.pushClients)} clients`;
    const met = o95 <= GOAL_RATIO * b95 && ours.missing === 0;
    return [
      {
        benchmark: `push: intake -> ticket:upsert p50/p95/p99 (${clients})`,
        baseline: `${triple(base.latencies)} raw`,
        ours: triple(ours.latencies),
        ratio: ratio(o95, b95),
        goal: `p95 <= ${GOAL_RATIO}x raw`,
        verdict: met ? 'met' : 'MISSED',
        note: met ? undefined
          : `p95 ${fmtMs(o95)} vs ${fmtMs(GOAL_RATIO * b95)} allowed. The broadcaster emits on the leading edge and then at most once `
            + `per ${COALESCE_WINDOW_MS} ms per room, so a ticket that lands inside a busy window waits for its end; each flush also sends a `
            + `${ours.deltaBytes} B scope:delta after the ${ours.upsertBytes} B upsert. ${ours.missing} receipts missing.`,
      },
    ];
  } finally {
    await Promise.all([app.stop(), raw.stop()]);
  }
}
