/**
 * `npx tsx bench/wall/first-numbers.ts`: from navigation to the wall's first real numbers (the year's total on the
 * `kpi-total` counter and the map drawn), at 1920x1080 in Chromium, against the compiled server (`npm run build`) on a
 * demo database. Each run opens a fresh browser profile (empty cache) and navigates twice: cold, then warm (same
 * profile). Prints the median and p95 of both and the bytes sent, compressed on the wire and decoded.
 *
 * FIRST_NUMBERS_RUNS (default 7). FIRST_NUMBERS_BASELINE=<dir>: also measure the compiled build in another checkout
 * (e.g. `git archive <commit> | tar -x -C <dir>`, node_modules linked, `npm run build` there), on a copy of the same
 * database, alternating with ours run by run so that the machine's load falls on both alike.
 * FIRST_NUMBERS_WATERFALL=1 prints each cold run's requests (start and end, ms after navigation).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { serverBuildIsFresh } from '../../scripts/build-server.js';
import { startServerProcess, type ServerProcess } from '../../scripts/server-process.js';
import { ensureClientBuilt } from '../../test/browser/build-client.js';
import { copyDb } from '../lib/tmp.js';
import { median, percentile } from '../lib/stats.js';
import { renderTable, type Row } from '../lib/table.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1920, height: 1080 };
const GOAL_COLD_MS = 1200;
// The second visit of a wall (its files cached): half a second, as a screen switched on again should feel.
const GOAL_WARM_MS = 500;
/** A fresh demo's opening instant: the year so far on the wall. */
const REPLAY_FROM = '2023-10-17T09:30:00+08:00';

/**
 * Installed before the page's scripts: when the counter first holds a number, and when the map's first redraw ended
 * (EChart's `map:redraw` measure, on with window.__moshaoPerf), in ms after navigation start (performance.now()).
 */
const MARKS_SCRIPT = `(() => {
  window.__moshaoPerf = true;
  const marks = { kpi: null, map: null };
  window.__firstNumbers = marks;
  const look = () => {
    if (marks.kpi !== null) return;
    const v = document.querySelector('[data-testid="kpi-total"]')?.getAttribute('data-value');
    if (v && /^\\d+$/.test(v)) marks.kpi = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'map:redraw' && marks.map === null) marks.map = e.startTime + e.duration;
  }).observe({ type: 'measure', buffered: true });
})();`;

interface Visit {
  ms: number;
  kpiMs: number;
  mapMs: number;
  /** Bytes on the wire (compressed, headers included) and decoded (what the page got), HTTP only. */
  wireBytes: number;
  bodyBytes: number;
  requests: number;
  waterfall: string[];
}

/** Starts `node dist/server/server/main.js` of `root` (ours or a baseline checkout) on any port. */
function startServer(root: string, dbPath: string): Promise<ServerProcess> {
  return startServerProcess({
    entry: 'compiled', root, timeoutMs: 180_000,
    env: { MOSHAO_DB: dbPath, MOSHAO_REPLAY_FROM: REPLAY_FROM, MOSHAO_ADMIN_PASSWORD: 'first-numbers-bench' },
  });
}

/** One navigation in `context`: until numbers and map are there, with the bytes of every HTTP response. */
async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let wireBytes = 0;
  let bodyBytes = 0;
  let requests = 0;
  cdp.on('Network.dataReceived', (e: { dataLength: number }) => (bodyBytes += e.dataLength));
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    wireBytes += e.encodedDataLength;
    requests++;
  });
  await page.goto(url, { waitUntil: 'commit' });
  // Polled from here (the page's CSP forbids a string predicate); the times themselves are taken in the page.
  const until = Date.now() + 60_000;
  let marks = await page.evaluate<{ kpi: number | null; map: number | null } | undefined>('window.__firstNumbers');
  while (marks?.kpi == null || marks.map == null) {
    if (Date.now() > until) throw new Error(`${url}: no numbers and map after 60 s (${JSON.stringify(marks)})`);
    await page.waitForTimeout(50);
    marks = await page.evaluate('window.__firstNumbers');
  }
  const waterfall = await page.evaluate<string[]>(`performance.getEntriesByType('resource').map((e) =>
    e.startTime.toFixed(0).padStart(5) + ' ' + e.responseEnd.toFixed(0).padStart(5) + ' ' + String(e.transferSize).padStart(8) + ' ' + e.name.replace(location.origin, ''))`);
  await cdp.detach();
  return { ms: Math.max(marks.kpi, marks.map), kpiMs: marks.kpi, mapMs: marks.map, wireBytes, bodyBytes, requests, waterfall };
}

/** A fresh profile (empty cache): the first navigation is cold, the second warm. */
async function coldThenWarm(url: string): Promise<{ cold: Visit; warm: Visit }> {
  const profile = mkdtempSync(join(tmpdir(), 'moshao-first-numbers-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: VIEWPORT,
  });
  try {
    await context.addInitScript({ content: MARKS_SCRIPT });
    const cold = await visit(context, url);
    const warm = await visit(context, url);
    return { cold, warm };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The demo database, built once by a first start of the compiled server (the fixture world and its timeline). */
async function demoDatabase(dir: string): Promise<string> {
  const db = join(dir, 'demo.db');
  await (await startServer(REPO_ROOT, db)).stop();
  return db;
}

const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function rowsOf(name: string, visits: { cold: Visit; warm: Visit }[], base?: { cold: Visit; warm: Visit }[]): Row[] {
  const rows: Row[] = [];
  for (const kind of ['cold', 'warm'] as const) {
    const ours = visits.map((v) => v[kind]);
    const theirs = base?.map((v) => v[kind]);
    const timing = (xs: Visit[]) => `${s(median(xs.map((v) => v.ms)))} (p95 ${s(percentile(xs.map((v) => v.ms), 95))})`;
    const goal = kind === 'cold' ? GOAL_COLD_MS : GOAL_WARM_MS;
    const ourMedian = median(ours.map((v) => v.ms));
    rows.push({
      benchmark: `${name}: navigation -> numbers and map, ${kind === 'cold' ? 'empty cache' : 'warm (2nd navigation)'}, median (p95)`,
      baseline: theirs ? timing(theirs) : '—',
      ours: timing(ours),
      ratio: theirs ? `${(ourMedian / median(theirs.map((v) => v.ms))).toFixed(2)}x` : '—',
      goal: `≤ ${s(goal)}`,
      verdict: ourMedian <= goal ? 'met' : 'MISSED',
      ...(ourMedian > goal ? { note: `median counter at ${s(median(ours.map((v) => v.kpiMs)))}, map at ${s(median(ours.map((v) => v.mapMs)))}` } : {}),
    });
    const bytes = (xs: Visit[]) => `${kB(median(xs.map((v) => v.wireBytes)))} on the wire / ${kB(median(xs.map((v) => v.bodyBytes)))} decoded, ${median(xs.map((v) => v.requests))} requests`;
    rows.push({
      benchmark: `${name}: bytes, ${kind}, median`,
      baseline: theirs ? bytes(theirs) : '—',
      ours: bytes(ours),
      ratio: theirs ? `${(median(ours.map((v) => v.wireBytes)) / Math.max(1, median(theirs.map((v) => v.wireBytes)))).toFixed(2)}x` : '—',
      goal: '—',
      verdict: 'info',
    });
  }
  return rows;
}

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.env.FIRST_NUMBERS_RUNS ?? 7));
  const baselineRoot = process.env.FIRST_NUMBERS_BASELINE ? resolve(process.env.FIRST_NUMBERS_BASELINE) : null;
  if (baselineRoot && !existsSync(join(baselineRoot, 'dist/server/server/main.js'))) throw new Error(`${baselineRoot} has no compiled server: run npm run build there`);
  ensureClientBuilt(REPO_ROOT);
  if (!serverBuildIsFresh()) execFileSync('npm', ['run', 'build:server'], { cwd: REPO_ROOT, stdio: 'inherit' });

  const dir = mkdtempSync(join(tmpdir(), 'moshao-first-numbers-db-'));
  try {
    process.stderr.write('first-numbers: building the demo database (first start of the compiled server)\n');
    const db = await demoDatabase(dir);
    const loadStart = loadavg()[0];
    const ours = await startServer(REPO_ROOT, copyDb(db, join(dir, 'ours.db')));
    const base = baselineRoot ? await startServer(baselineRoot, copyDb(db, join(dir, 'base.db'))) : null;
    const oursVisits: { cold: Visit; warm: Visit }[] = [];
    const baseVisits: { cold: Visit; warm: Visit }[] = [];
    try {
      for (let i = 0; i < runs; i++) {
        if (base) baseVisits.push(await coldThenWarm(base.base));
        const v = await coldThenWarm(ours.base);
        oursVisits.push(v);
        process.stderr.write(`first-numbers: run ${i + 1}/${runs}: cold ${v.cold.ms.toFixed(0)} ms (counter ${v.cold.kpiMs.toFixed(0)}, map ${v.cold.mapMs.toFixed(0)}), warm ${v.warm.ms.toFixed(0)} ms${base ? `; baseline cold ${baseVisits[i].cold.ms.toFixed(0)} ms, warm ${baseVisits[i].warm.ms.toFixed(0)} ms` : ''}\n`);
        if (process.env.FIRST_NUMBERS_WATERFALL === '1') process.stderr.write(`  start   end transfer resource\n  ${v.cold.waterfall.join('\n  ')}\n`);
      }
    } finally {
      await ours.stop();
      await base?.stop();
    }
    console.log(renderTable(rowsOf('wall 1920x1080', oursVisits, base ? baseVisits : undefined)));
    // Other processes on the machine move these figures more than anything else: say how busy it was.
    console.log(`\nmachine load (1-min average) ${loadStart.toFixed(1)} -> ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
