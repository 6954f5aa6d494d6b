import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from './config.js';
import { copyMediaFiles } from './media/backup-media.js';
import { checkBackup, writeBackup } from './storage/backup.js';

/**
 * `npm run backup -- <file>`: a consistent copy of MOSHAO_DB while the server keeps running, checked before it is
 * reported. Opens the database read-only, so it never migrates, locks out or changes the server's file. The photos the
 * copy names go beside it into `<file>.media/` (MOSHAO_MEDIA_DIR's layout): a database without its photos would answer
 * 404 for every one of them.
 */
async function main(): Promise<void> {
  const dest = process.argv[2];
  if (!dest) {
    console.error('usage: npm run backup -- <file>   (copies MOSHAO_DB, default data/moshao.db)');
    process.exit(2);
  }
  let source: string;
  let mediaDir: string;
  try {
    ({ MOSHAO_DB: source, MOSHAO_MEDIA_DIR: mediaDir } = loadConfig());
  } catch (err) {
    console.error(`moshao backup: ${(err as Error).message}`);
    process.exit(2);
  }
  if (source === ':memory:' || !existsSync(source)) {
    console.error(`moshao backup: MOSHAO_DB ${source} is not a database file`);
    process.exit(2);
  }
  const mediaDest = `${dest}.media`;
  if (existsSync(dest) || existsSync(mediaDest) || resolve(dest) === resolve(source)) {
    console.error(`moshao backup: ${dest} exists; choose a new file name (a backup never overwrites)`);
    process.exit(2);
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const r = await writeBackup(db, dest, { wholeFile: true });
    const { integrity, tickets } = checkBackup(r.path);
    if (integrity !== 'ok') throw new Error(`the copy fails integrity_check: ${integrity}`);
    console.error(`moshao backup: ${source} -> ${r.path} (${(r.bytes / 1e6).toFixed(1)} MB, ${tickets} tickets, integrity ok, ${r.ms} ms)`);
    const m = await copyMediaFiles(mediaDir, mediaDest, photosOf(r.path));
    console.error(`moshao backup: photos ${mediaDir} -> ${mediaDest} (${m.files} files${m.missing ? `, ${m.missing} named by the database but missing from the folder` : ''}); `
      + `restore with MOSHAO_DB=${r.path} MOSHAO_MEDIA_DIR=${mediaDest}`);
  } catch (err) {
    console.error(`moshao backup failed: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
}

/** The distinct sha256 of the photos a database copy names (none before migration 015). */
function photosOf(path: string): string[] {
  const copy = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasMedia = copy.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'media'").get() !== undefined;
    return hasMedia ? (copy.prepare('SELECT DISTINCT sha256 FROM media').pluck().all() as string[]) : [];
  } finally {
    copy.close();
  }
}

void main();
