/**
 * `npm run bench`: six benchmarks side by side with their baselines, in one run, on this machine. Servers run in
 * child processes (so the load generator's CPU is not the server's); prints one table and writes it to
 * bench/results/latest.md. Progress goes to stderr. Knobs: bench/config.ts (BENCH_QUICK=1 for a smoke run).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { benchIngest } from './ingest.js';
import { benchLocate } from './locate.js';
import { benchPush } from './push.js';
import { benchReplay } from './replay.js';
import { benchReports } from './reports.js';
import { benchSeek } from './seek.js';
import { benchSnapshot } from './snapshot.js';
import { benchSupervise } from './supervise.js';
import { benchMedia } from './media.js';
import { loadBenchConfig, log } from './config.js';
import { closeHttpAgent } from './lib/http.js';
import { renderTable, type Row } from './lib/table.js';
import { makeTmpDir, removeTmpDir } from './lib/tmp.js';
import { createWorlds } from './lib/worlds.js';

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

async function main(): Promise<number> {
  const cfg = loadBenchConfig();
  const started = performance.now();
  // Two cores are easily disturbed: say so in the results when something else was busy at the start.
  const loadAtStart = loadavg()[0];
  if (loadAtStart > 1) log(`WARNING: 1-min load average is ${loadAtStart.toFixed(2)} before starting: other processes will distort the figures`);
  const tmp = makeTmpDir();
  mkdirSync(RESULTS_DIR, { recursive: true });
  // With BENCH_PROFILE=1 the app children write .cpuprofile files (open in Chrome DevTools) next to the results.
  const profileFlags = cfg.profile ? ['--cpu-prof', '--cpu-prof-dir', `${RESULTS_DIR}profiles`] : [];
  log(`${cfg.quick ? 'QUICK smoke run (indicative figures only)' : 'full run'}: ${[...cfg.only].join(', ')}; temp dir ${tmp}`);
  const worlds = createWorlds(tmp, cfg.replayDays, profileFlags);
  const rows: Row[] = [];
  let failed = 0;
  const steps: [string, () => Promise<Row[]>][] = [
    ['ingest', () => benchIngest(cfg, tmp, profileFlags)],
    ['push', () => benchPush(cfg, tmp, profileFlags)],
    ['replay', () => benchReplay(cfg, tmp, worlds)],
    ['seek', () => benchSeek(cfg, tmp, worlds)],
    ['snapshot', () => benchSnapshot(cfg, tmp, worlds, profileFlags)],
    ['locate', async () => benchLocate()],
    ['supervise', () => benchSupervise(cfg, tmp)],
    ['reports', () => benchReports(cfg, tmp)],
    ['media', () => benchMedia(cfg, tmp)],
  ];
  try {
    for (const [name, fn] of steps) {
      if (!cfg.only.has(name)) continue;
      const t0 = performance.now();
      try {
        rows.push(...(await fn()));
      } catch (err) {
        // One broken benchmark should not hide the others' figures.
        failed += 1;
        log(`${name} FAILED: ${(err as Error).stack ?? String(err)}`);
        rows.push({ benchmark: name, baseline: '—', ours: 'error', ratio: '—', goal: '—', verdict: 'MISSED', note: `failed: ${(err as Error).message}` });
      }
      log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    closeHttpAgent();
    if (!cfg.keepTmp) removeTmpDir(tmp);
  }

  const seconds = (performance.now() - started) / 1000;
  const header = `Moshao benchmarks, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${cpus().length} cores `
    + `(${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}${cfg.quick ? ', BENCH_QUICK=1 (smoke run: indicative only)' : ''}; `
    + `total ${seconds.toFixed(0)} s; 1-min load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end (includes the bench itself)`;
  const text = `${header}\n\n${renderTable(rows)}\n`;
  process.stdout.write(`\n${text}`);
  writeFileSync(`${RESULTS_DIR}latest.md`, text);
  log(`written to bench/results/latest.md`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`bench failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
