/**
 * `npx tsx bench/wall/profile.ts`: where the wall's main thread spends its time, by function. The same server and page
 * as the wall bench, with the client built unminified into a temp dir (so names are readable), and a CDP CPU profile
 * of WALL_PROFILE_S seconds (default 40) after a 20 s warm-up. Prints self and total time of the top functions.
 * A tool for finding what to make cheaper, not a benchmark: its figures are not goals.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildApp } from '../../server/app.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const seconds = Number(process.env.WALL_PROFILE_S ?? 40);
const outDir = join(tmpdir(), 'wall-profile-client');
execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--minify', 'false', '--outDir', outDir, '--emptyOutDir'], {
  cwd: REPO_ROOT,
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production' },
});

const app = await buildApp({ dbPath: ':memory:', mode: 'demo', ticketScale: 1, clientDir: outDir, autoPlay: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
const replayer = app.moshao.replayer!;
await replayer.command({ action: 'seek', to: Date.parse('2023-03-01T08:00:00+08:00') });
await replayer.command({ action: 'speed', speed: Number(process.env.WALL_BENCH_SPEED ?? 3600) });
await replayer.command({ action: 'play' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.addInitScript({ content: 'window.__moshaoPerf = true;' });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 60_000 });
  await page.waitForTimeout(20_000);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const loadStart = loadavg()[0];
  await cdp.send('Profiler.start');
  await page.waitForTimeout(seconds * 1000);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  report(profile, `${seconds} s, load ${loadStart.toFixed(1)} -> ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`);
} finally {
  await browser.close();
  await app.close();
}

/** Self and total milliseconds by function (name and place), top 40 by total. */
function report(profile: CpuProfile, label: string): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    self.set(keyOf(node), (self.get(keyOf(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = keyOf(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 45);
  console.log(`CPU profile of the wall's page, ${label}`);
  console.log('\nby total (inclusive) ms:');
  for (const [k, v] of top(total)) console.log(`${v.toFixed(0).padStart(8)}  ${k}`);
  console.log('\nby self ms:');
  for (const [k, v] of top(self)) console.log(`${v.toFixed(0).padStart(8)}  ${k}`);
}
