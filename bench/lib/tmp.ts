import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One temp directory per bench run: every database lives here and goes away at the end (BENCH_KEEP_TMP=1 keeps it). */
export function makeTmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'moshao-bench-'));
}

export function removeTmpDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Copies a closed SQLite database (and a WAL left behind, if any) so each benchmark starts from the same bytes. */
export function copyDb(from: string, to: string): string {
  for (const suffix of ['-wal', '-shm']) rmSync(to + suffix, { force: true });
  copyFileSync(from, to);
  if (existsSync(from + '-wal')) copyFileSync(from + '-wal', to + '-wal');
  return to;
}
