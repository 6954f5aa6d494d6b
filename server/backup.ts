import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from './config.js';
import { checkBackup, writeBackup } from './storage/backup.js';

/**
 * `npm run backup -- <file>`: a consistent copy of MOSHAO_DB while the server keeps running, checked before it is
 * reported. Opens the database read-only, so it never migrates, locks out or changes the server's file.
 */
async function main(): Promise<void> {
  const dest = process.argv[2];
  if (!dest) {
    console.error('usage: npm run backup -- <file>   (copies MOSHAO_DB, default data/moshao.db)');
    process.exit(2);
  }
  let source: string;
  try {
    source = loadConfig().MOSHAO_DB;
  } catch (err) {
    console.error(`moshao backup: ${(err as Error).message}`);
    process.exit(2);
  }
  if (source === ':memory:' || !existsSync(source)) {
    console.error(`moshao backup: MOSHAO_DB ${source} is not a database file`);
    process.exit(2);
  }
  if (existsSync(dest) || resolve(dest) === resolve(source)) {
    console.error(`moshao backup: ${dest} exists; choose a new file name (a backup never overwrites)`);
    process.exit(2);
  }
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    const r = await writeBackup(db, dest, { wholeFile: true });
    const { integrity, tickets } = checkBackup(r.path);
    if (integrity !== 'ok') throw new Error(`the copy fails integrity_check: ${integrity}`);
    console.error(`moshao backup: ${source} -> ${r.path} (${(r.bytes / 1e6).toFixed(1)} MB, ${tickets} tickets, integrity ok, ${r.ms} ms)`);
  } catch (err) {
    console.error(`moshao backup failed: ${(err as Error).message}`);
    process.exitCode = 1;
  } finally {
    db.close();
  }
}

void main();
