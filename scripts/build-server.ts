import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtimeMs } from './newest-mtime.js';

/**
 * Compiles the server (server/, shared/ and the fixtures it imports) with tsc into dist/server/, so that a start runs
 * plain JavaScript instead of compiling TypeScript every time. `npm run build` calls this after the client build.
 */

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = 'dist/server';
/** What `npm run serve` runs: the tree under dist/server mirrors the repo (dist/server/server, .../shared, .../fixtures). */
export const COMPILED_MAIN = join(REPO_ROOT, OUT, 'server', 'main.js');
/** Written last: a build that stopped half-way has none, so it is never taken for a fresh one. */
const STAMP = 'built-at';
/** Files the compiled code reads at run time relative to its own module (import.meta.url), copied beside it. */
const ASSETS = ['server/storage/migrations', 'fixtures/data'];
/** What the compiled server is made of: a change in any of these makes dist/server stale. */
const SOURCES = ['server', 'shared', 'fixtures', 'tsconfig.json', 'tsconfig.server.json', 'package-lock.json', 'scripts/build-server.ts'];
const BUILD_TIMEOUT_MS = 180_000;

/** True when dist/server was completely built after the last change to any of its sources. */
export function serverBuildIsFresh(root = REPO_ROOT): boolean {
  const stamp = join(root, OUT, STAMP);
  if (!existsSync(stamp)) return false;
  return statSync(stamp).mtimeMs > Math.max(...SOURCES.map((s) => newestMtimeMs(join(root, s))));
}

/**
 * Builds into a directory of its own, then swaps it in: a reader (or a second build at the same time) never sees a
 * half-written dist/server. Returns the build time in ms.
 */
export function buildServer(root = REPO_ROOT): number {
  const t0 = performance.now();
  const startedAt = new Date();
  const staging = join(root, `${OUT}.building-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.server.json'), '--outDir', staging], {
      cwd: root, stdio: 'inherit', timeout: BUILD_TIMEOUT_MS,
    });
    for (const dir of ASSETS) {
      cpSync(join(root, dir), join(staging, dir), { recursive: true });
    }
    // Dated when the build began: a source saved while tsc was running still makes the result stale.
    writeFileSync(join(staging, STAMP), `${startedAt.toISOString()}\n`);
    utimesSync(join(staging, STAMP), startedAt, startedAt);
    rmSync(join(root, OUT), { recursive: true, force: true });
    renameSync(staging, join(root, OUT));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return performance.now() - t0;
}

/** Builds dist/server unless it is fresh. */
export function ensureServerBuilt(root = REPO_ROOT): void {
  if (!serverBuildIsFresh(root)) buildServer(root);
}

function invokedDirectly(): boolean {
  return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
}
if (invokedDirectly()) {
  const ms = buildServer();
  process.stdout.write(`server compiled to ${OUT}/ in ${(ms / 1000).toFixed(1)} s (run: node ${OUT}/server/main.js)\n`);
}
