import { loadavg } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { log, type BenchConfig } from './config.js';
import { spawnChild } from './lib/child.js';
import { fmtMs } from './lib/stats.js';
import { ratio, type Row } from './lib/table.js';

const STALL_GOAL_MS = 50;
const ROBOT_LIMIT = 20;
const DIGEST_LISTED_GOAL = 20;
/** The sender's clock runs this much faster than real time (a robot's minute lasts 3 s): see bench/jobs/supervise.ts. */
const SPEED = 20;
const MAX_DRAIN_SECONDS = 180;

interface SuperviseRun {
  tickets: number; subscriptions: number; rows: number; sent: number; pending: number; speed: number; recordedMs: number; drainMs: number;
  drainFastMs: number; messages: number; robots: number; worstWindow: number; tightestSpanMs: number | null; listedMax: number; countedMax: number; hookTicketsMax: number;
  badSignatures: number; ticketsReceived: number; idleMs: number; burstStallMs: number; drainStallMs: number; load: number;
}

/** 督办: 10,000 tickets overdue at once across 300 subscriptions, the outbox drained to real local receivers. */
export async function benchSupervise(_cfg: BenchConfig, tmp: string): Promise<Row[]> {
  const dir = join(tmp, 'supervise');
  mkdirSync(dir, { recursive: true });
  const child = await spawnChild<SuperviseRun>('supervise', 'jobs/supervise.ts', {
    args: [dir, String(SPEED), String(MAX_DRAIN_SECONDS)], timeoutMs: (MAX_DRAIN_SECONDS + 120) * 1000,
  });
  await child.exited;
  const r = child.ready;
  log(`supervise: ${r.rows} rows, ${r.sent} sent, ${r.messages} messages to ${r.robots} robots and the webhooks; load ${r.load.toFixed(2)}`);
  const drained = r.pending === 0 && r.sent === r.rows && r.ticketsReceived === r.rows;
  const worst = Math.max(r.burstStallMs, r.drainStallMs);
  const load = `1-min load average ${loadavg()[0].toFixed(2)}`;
  return [
    {
      benchmark: `督办: outbox drained, ${r.tickets.toLocaleString('en-US')} tickets red at once, ${r.subscriptions} subscriptions (${r.rows.toLocaleString('en-US')} rows)`,
      baseline: `recorded in ${fmtMs(r.recordedMs)}`,
      ours: drained ? fmtMs(r.drainMs) : `${r.pending} left after ${fmtMs(r.drainMs)}`,
      ratio: '—',
      goal: 'every row sent; <= 20 a minute per robot',
      verdict: drained && r.worstWindow <= ROBOT_LIMIT ? 'met' : 'MISSED',
      note: `sender clock x${r.speed} (${(r.drainFastMs / 60_000).toFixed(1)} robot-minutes); ${r.messages} messages, ${r.robots} robot URLs, `
        + `worst ${r.worstWindow} in any 60 s per robot (21 messages spanned at least ${r.tightestSpanMs === null ? '—' : `${(r.tightestSpanMs / 1000).toFixed(1)} s`} of the x${r.speed} clock); digests list <= ${r.listedMax} (goal ${DIGEST_LISTED_GOAL}) and count <= ${r.countedMax}, `
        + `webhooks carry <= ${r.hookTicketsMax}; bad signatures ${r.badSignatures}; ${load}`,
    },
    {
      benchmark: '督办: worst event-loop stall, burst (the rows recorded) and drain',
      baseline: `${fmtMs(r.idleMs)} idle loop`,
      ours: fmtMs(worst),
      ratio: ratio(worst, r.idleMs),
      goal: `<= ${fmtMs(STALL_GOAL_MS)}`,
      verdict: worst <= STALL_GOAL_MS ? 'met' : 'MISSED',
      note: `burst ${fmtMs(r.burstStallMs)}, drain ${fmtMs(r.drainStallMs)} (monitorEventLoopDelay, 10 ms resolution; receivers in the same process); ${load}`,
    },
  ];
}
