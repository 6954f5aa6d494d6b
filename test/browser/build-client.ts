import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SHOWN_TEXT_SOURCES } from '../../scripts/font-subset.js';
import { newestMtimeMs } from '../../scripts/newest-mtime.js';

const BUILD_TIMEOUT_MS = 120_000;
/** What the client bundle is made of: a change in any of these makes dist/client stale. */
const SOURCES = ['client', 'shared', 'vite.config.ts', 'scripts/vite-plugins.ts', 'scripts/precompress.ts', 'scripts/font-subset.ts', 'package-lock.json', ...SHOWN_TEXT_SOURCES];

/** Builds the client with Vite unless dist/client is newer than every source. Returns the dist directory. */
export function ensureClientBuilt(repoRoot: string): string {
  const dist = join(repoRoot, 'dist', 'client');
  const index = join(dist, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((s) => newestMtimeMs(join(repoRoot, s))));
  if (builtAt > sourcesAt) return dist;
  // The build users get: vitest sets NODE_ENV=test, which Vite would keep, bundling React's development build (and
  // StrictMode's double effects) into what the browser tests look at.
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit', timeout: BUILD_TIMEOUT_MS, env: { ...process.env, NODE_ENV: 'production' } });
  return dist;
}
