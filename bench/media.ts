import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { log, type BenchConfig } from './config.js';
import { spawnChild } from './lib/child.js';
import { fmtMs } from './lib/stats.js';
import { ratio, type Row } from './lib/table.js';

const UPLOAD_GOAL_MS = 1000;
const STALL_GOAL_MS = 50;

interface MediaRun {
  photoBytes: number; uploads: number[]; medianMs: number; maxMs: number; idleMs: number; uploadStallMs: number; hostileStallMs: number;
  refused: Record<string, { status: number; error?: string; ms: number; stallMs: number }>; load: number;
}

/** Photos: a 4 MB phone photo through POST /api/media, and the hostile files, with the event loop watched (bench/jobs/media.ts). */
export async function benchMedia(cfg: BenchConfig, tmp: string): Promise<Row[]> {
  const dir = join(tmp, 'media');
  mkdirSync(dir, { recursive: true });
  const child = await spawnChild<MediaRun>('media', 'jobs/media.ts', { args: [dir, String(cfg.quick ? 2 : 5)], timeoutMs: 300_000 });
  await child.exited;
  const r = child.ready;
  const refused = Object.entries(r.refused);
  const all4xx = refused.every(([, x]) => x.status >= 400 && x.status < 500);
  log(`media: ${r.uploads.length} uploads of ${(r.photoBytes / 1e6).toFixed(1)} MB; refused ${refused.map(([k, x]) => `${k} ${x.status}`).join(', ')}; load ${r.load.toFixed(2)}`);
  const load = `1-min load average ${loadavg()[0].toFixed(2)}`;
  const worst = Math.max(r.uploadStallMs, r.hostileStallMs);
  return [
    {
      benchmark: `photo: a ${(r.photoBytes / 1e6).toFixed(1)} MB 4000x3000 phone JPEG through POST /api/media (HTTP, re-encoded, stored), median of ${r.uploads.length}`,
      baseline: '—', ours: fmtMs(r.medianMs), ratio: '—', goal: `< ${fmtMs(UPLOAD_GOAL_MS)}`,
      verdict: r.medianMs < UPLOAD_GOAL_MS ? 'met' : 'MISSED',
      note: `max ${fmtMs(r.maxMs)}; ${load}`,
    },
    {
      benchmark: 'photo: worst event-loop stall, uploads and hostile files (bomb, truncated, script, SVG, 30 MB)',
      baseline: `${fmtMs(r.idleMs)} idle loop`, ours: fmtMs(worst), ratio: ratio(worst, r.idleMs), goal: `<= ${fmtMs(STALL_GOAL_MS)}, every hostile file a 4xx`,
      verdict: worst <= STALL_GOAL_MS && all4xx ? 'met' : 'MISSED',
      note: `uploads ${fmtMs(r.uploadStallMs)}; ${refused.map(([k, x]) => `${k} ${x.status} ${x.error ?? ''} (${fmtMs(x.stallMs)})`).join(', ')}; client on its own thread; ${load}`,
    },
  ];
}
