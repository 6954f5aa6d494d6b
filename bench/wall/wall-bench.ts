import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildApp } from '../../server/app.js';
import { ensureClientBuilt } from '../../test/browser/build-client.js';
import type { Row } from '../lib/table.js';
import { PROBE_SCRIPT, READ_HEAP, TAKE_PROBE, type ProbeInterval, type ProbeWindow } from './page-probe.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A long task is the browser's: > 50 ms on the main thread. The goal: none outside map redraws. */
const LONG_TASK_MS = 50;
const HEAP_GROWTH_GOAL = 0.1;

export interface WallBenchOptions {
  /** Measured minutes after warm-up (default: WALL_BENCH_MINUTES or 10). */
  minutes?: number;
  /** Replay speed (virtual seconds per second); 0 is as fast as the machine goes. Default 3600. */
  speed?: number;
  /** Seconds the wall runs before the first heap reading (buffers fill, charts settle). Default 45. */
  warmupSeconds?: number;
  /** Where in 2023 the replay starts (the plan's tickets before it are replayed first, untimed). */
  seekTo?: string;
  ticketScale?: number;
  viewport?: { width: number; height: number };
  chromiumPath?: string;
  log?: (line: string) => void;
}

export interface WallBenchResult {
  rows: Row[];
  minutes: number;
  fps: number;
  longTasks: number;
  longestMs: number;
  outsideRedraw: number;
  longestOutsideMs: number;
  redraws: number;
  longestRedrawMs: number;
  /** Other charts' updates: count and longest, by chart. */
  charts: Record<string, { count: number; longestMs: number }>;
  /** Of the long tasks outside map redraws, how many overlapped another chart's update. */
  outsideDuringChart: number;
  /** Console errors (and page errors) and warnings in the page during the whole run. */
  console: { error: number; warning: number; firstWarning: string };
  /** 1-minute load average of this machine at the start and the end: other processes distort long tasks. */
  load: [number, number];
  heapStartBytes: number;
  heapEndBytes: number;
  heapGrowth: number;
  virtualDays: number;
}

const overlaps = (t: ProbeInterval, r: ProbeInterval) => t.start < r.start + r.duration + 5 && r.start < t.start + t.duration + 5;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * The wall in Chromium during an accelerated replay: long tasks (count, longest, and those outside map redraws),
 * frames per second, and the JS heap after a forced GC at the start and the end. The server runs in this process;
 * the page runs in Chromium with precise memory info.
 */
export async function runWallBenchDetailed(opts: WallBenchOptions = {}): Promise<WallBenchResult> {
  const minutes = opts.minutes ?? Number(process.env.WALL_BENCH_MINUTES ?? 10);
  const speed = opts.speed ?? 3600;
  const warmupMs = (opts.warmupSeconds ?? 45) * 1000;
  const log = opts.log ?? ((line: string) => process.stderr.write(`wall-bench: ${line}\n`));
  const clientDir = ensureClientBuilt(REPO_ROOT);

  log(`building the world (ticketScale ${opts.ticketScale ?? 1}) and replaying to ${opts.seekTo ?? '2023-03-01'} (untimed)`);
  const app = await buildApp({ dbPath: ':memory:', mode: 'demo', ticketScale: opts.ticketScale ?? 1, clientDir, autoPlay: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const replayer = app.moshao.replayer!;
  await replayer.command({ action: 'seek', to: Date.parse(`${opts.seekTo ?? '2023-03-01'}T08:00:00+08:00`) });
  await replayer.command({ action: 'speed', speed });
  await replayer.command({ action: 'play' });

  const browser = await chromium.launch({
    executablePath: opts.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--enable-precise-memory-info', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
  });
  try {
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1920, height: 1080 } });
    await context.addInitScript({ content: PROBE_SCRIPT });
    const page = await context.newPage();
    const consoleCounts = { error: 0, warning: 0, firstWarning: '' };
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleCounts.error++;
      if (msg.type() === 'warning') {
        consoleCounts.warning++;
        consoleCounts.firstWarning ||= msg.text().slice(0, 120);
      }
    });
    page.on('pageerror', () => consoleCounts.error++);
    const cdp = await context.newCDPSession(page);
    const heapAfterGc = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return page.evaluate<number>(READ_HEAP);
    };
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 60_000 });
    log(`warming up for ${warmupMs / 1000} s at speed ${speed === 0 ? 'max' : speed}`);
    await page.waitForTimeout(warmupMs);

    const loadStart = loadavg()[0];
    const clockStart = replayer.state().clock;
    const heapStart = await heapAfterGc();
    await page.evaluate(TAKE_PROBE);
    const longTasks: ProbeInterval[] = [];
    const redraws: ProbeInterval[] = [];
    const charts = new Map<string, ProbeInterval[]>();
    let frames = 0;
    const started = Date.now();
    const endAt = started + minutes * 60_000;
    while (Date.now() < endAt) {
      await page.waitForTimeout(Math.min(30_000, endAt - Date.now()));
      const probe = await page.evaluate<ProbeWindow>(TAKE_PROBE);
      frames += probe.frames;
      longTasks.push(...probe.longTasks);
      redraws.push(...probe.redraws);
      for (const [name, xs] of Object.entries(probe.charts)) charts.set(name, [...(charts.get(name) ?? []), ...xs]);
      const heap = await page.evaluate<number>(READ_HEAP);
      log(`${((Date.now() - started) / 60_000).toFixed(1)} min: ${(probe.frames / ((probe.now - probe.since) / 1000)).toFixed(1)} fps, ${probe.longTasks.length} long tasks, heap ${mb(heap)} (before GC)`);
    }
    const elapsedS = (Date.now() - started) / 1000;
    const heapEnd = await heapAfterGc();
    const virtualDays = (replayer.state().clock - clockStart) / 86_400_000;

    const outside = longTasks.filter((t) => !redraws.some((r) => overlaps(t, r)));
    const longest = (xs: ProbeInterval[]) => xs.reduce((m, x) => Math.max(m, x.duration), 0);
    const chartUpdates = [...charts.values()].flat();
    const result: Omit<WallBenchResult, 'rows'> = {
      minutes: elapsedS / 60,
      fps: frames / elapsedS,
      longTasks: longTasks.length,
      longestMs: longest(longTasks),
      outsideRedraw: outside.length,
      longestOutsideMs: longest(outside),
      redraws: redraws.length,
      longestRedrawMs: longest(redraws),
      charts: Object.fromEntries([...charts].map(([name, xs]) => [name, { count: xs.length, longestMs: longest(xs) }])),
      outsideDuringChart: outside.filter((t) => chartUpdates.some((c) => overlaps(t, c))).length,
      load: [loadStart, loadavg()[0]],
      console: consoleCounts,
      heapStartBytes: heapStart,
      heapEndBytes: heapEnd,
      heapGrowth: (heapEnd - heapStart) / heapStart,
      virtualDays,
    };
    return { ...result, rows: toRows(result, speed) };
  } finally {
    await browser.close();
    await app.close();
  }
}

function toRows(r: Omit<WallBenchResult, 'rows'>, speed: number): Row[] {
  const label = `wall (${speed === 0 ? 'max' : `${speed}x`}, ${r.minutes.toFixed(1)} min, ${r.virtualDays.toFixed(1)} virtual days)`;
  const row = (what: string, ours: string, goal: string, met: boolean | null, note?: string): Row => ({
    benchmark: `${label}: ${what}`,
    baseline: '—',
    ours,
    ratio: '—',
    goal,
    verdict: met === null ? 'info' : met ? 'met' : 'MISSED',
    ...(note && met === false ? { note } : {}),
  });
  return [
    row(
      'long tasks outside map redraws',
      `${r.outsideRedraw} (longest ${r.longestOutsideMs.toFixed(0)} ms; ${r.outsideDuringChart} during another chart's update)`,
      `0 over ${LONG_TASK_MS} ms`,
      r.outsideRedraw === 0,
      `main-thread tasks over 50 ms that were not map redraws; load average ${r.load[0].toFixed(1)} -> ${r.load[1].toFixed(1)} on ${cpus().length} CPUs during the run`,
    ),
    row('long tasks, all', `${r.longTasks} (longest ${r.longestMs.toFixed(0)} ms)`, '—', null),
    row('map redraws', `${r.redraws} (longest ${r.longestRedrawMs.toFixed(0)} ms)`, '≤ ~1/s', r.redraws <= r.minutes * 60 * 1.2 + 5),
    row(
      'other chart updates (count, longest)',
      Object.entries(r.charts).map(([name, c]) => `${name} ${c.count}/${c.longestMs.toFixed(0)} ms`).join(', ') || '—',
      '—',
      null,
    ),
    row('frames per second', r.fps.toFixed(1), '—', null),
    row(
      'console errors / warnings in the page',
      `${r.console.error} / ${r.console.warning}${r.console.firstWarning ? ` (first: ${r.console.firstWarning})` : ''}`,
      '0 errors',
      r.console.error === 0,
    ),
    row('machine load (1-min average, start -> end)', `${r.load[0].toFixed(1)} -> ${r.load[1].toFixed(1)} on ${cpus().length} CPUs`, '—', null),
    row('JS heap after GC, start -> end', `${mb(r.heapStartBytes)} -> ${mb(r.heapEndBytes)} (${(r.heapGrowth * 100).toFixed(1)}%)`, `< ${HEAP_GROWTH_GOAL * 100}% growth`, r.heapGrowth < HEAP_GROWTH_GOAL, 'the heap grew: a buffer or chart is not capped'),
  ];
}

/** For `npm run bench`: the rows of the results table. */
export async function runWallBench(opts: WallBenchOptions = {}): Promise<Row[]> {
  return (await runWallBenchDetailed(opts)).rows;
}
