import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MONTH_PATTERN } from '../../shared/report-month.js';
import { REPORT_FILE_FORMATS, REPORT_FILE_NAME_PATTERN, type ReportFileFormat } from '../../shared/schemas/report-files.js';
import { AREA_CODE_PATTERN, contains } from '../../shared/scope.js';
import type { FileKey } from './due.js';

const AREA = new RegExp(AREA_CODE_PATTERN);
const MONTH = new RegExp(MONTH_PATTERN);
const FILE_NAME = new RegExp(REPORT_FILE_NAME_PATTERN);
const FORMATS: readonly string[] = REPORT_FILE_FORMATS;

export interface KeptFile extends FileKey {
  bytes: number;
  /** When it was written (the file's modification time), epoch ms. */
  createdAt: number;
}

export interface ReportFileStore {
  readonly dir: string;
  /** The file's path, or null when the key does not follow the grammar (so no name from outside reaches the disk). */
  pathOf(key: FileKey): string | null;
  has(key: FileKey): boolean;
  /** Writes the whole file or nothing: a temporary file beside it, flushed, then renamed over the name. */
  write(key: FileKey, bytes: Uint8Array): Promise<void>;
  /** The files of `within` and of the scopes inside it, newest month first. */
  list(within: string): Promise<KeptFile[]>;
}

/**
 * The kept monthly files, `<dir>/<scope>/<YYYY-MM>.<xlsx|pdf>`. Every name is checked against the scope and month
 * grammar before it is joined to the directory, and a listing shows only names that match it: a temporary file (dot
 * first) left by a crash mid-write is never listed or served, and the next run writes that file again.
 */
export function createReportFileStore(dir: string): ReportFileStore {
  const pathOf = ({ scope, month, format }: FileKey): string | null =>
    AREA.test(scope) && MONTH.test(month) && FORMATS.includes(format) ? join(dir, scope, `${month}.${format}`) : null;

  return {
    dir,
    pathOf,
    has: (key) => {
      const path = pathOf(key);
      return path !== null && existsSync(path);
    },
    async write(key, bytes) {
      const path = pathOf(key);
      if (path === null) throw new Error(`not a report file: ${JSON.stringify(key)}`);
      await mkdir(join(dir, key.scope), { recursive: true });
      const tmp = join(dir, key.scope, `.${key.month}.${key.format}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(tmp, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync(); // on disk before the name points at it: a crash leaves the old state or the whole file
        } finally {
          await handle.close();
        }
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async list(within) {
      const scopes = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const found: KeptFile[] = [];
      for (const entry of scopes) {
        if (!entry.isDirectory() || !AREA.test(entry.name) || !contains(within, entry.name)) continue;
        for (const name of await readdir(join(dir, entry.name)).catch(() => [] as string[])) {
          if (!FILE_NAME.test(name)) continue;
          const s = await stat(join(dir, entry.name, name)).catch(() => null);
          if (!s?.isFile()) continue;
          const [month, format] = name.split('.') as [string, ReportFileFormat];
          found.push({ scope: entry.name, month, format, bytes: s.size, createdAt: s.mtimeMs });
        }
      }
      return found.sort((a, b) => b.month.localeCompare(a.month) || a.scope.localeCompare(b.scope) || a.format.localeCompare(b.format));
    },
  };
}
