import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DatabaseRefusedError, openDatabase } from './database.js';

const dir = () => mkdtempSync(join(tmpdir(), 'moshao-db-'));
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const migrationFiles = readdirSync(MIGRATIONS).filter((f) => /^\d{3}-.*\.sql$/.test(f)).sort();
/** The newest migration's number: a fresh database ends at it. */
const LATEST = Math.max(...migrationFiles.map((f) => Number(f.slice(0, 3))));
/** What the migrations after `version` create, as DROP statements, newest first: a database taken back to that version. */
const dropsAfter = (version: number): string => migrationFiles
  .filter((f) => Number(f.slice(0, 3)) > version)
  .flatMap((f) => [...readFileSync(join(MIGRATIONS, f), 'utf8').matchAll(/CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX|TRIGGER)\s+(\w+)|ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/gi)]
    .map((m) => (m[3] ? `ALTER TABLE ${m[3]} DROP COLUMN ${m[4]};` : `DROP ${m[1].toUpperCase()} IF EXISTS ${m[2]};`)))
  .reverse().join(' ');

describe('openDatabase', () => {
  it('creates a fresh file in WAL mode with synchronous=NORMAL, foreign keys and every migration', () => {
    const path = join(dir(), 'sub', 'moshao.db');
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['towns', 'grid_cells', 'staff', 'tickets', 'ticket_events', 'replay_plan', 'module_events']));
    db.close();
  });

  it('reopens an existing file and keeps its data', () => {
    const path = join(dir(), 'moshao.db');
    const a = openDatabase(path);
    a.prepare("INSERT INTO meta VALUES ('k', 'v')").run();
    a.close();
    const b = openDatabase(path);
    expect(b.prepare("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: 'v' });
    b.close();
  });

  it('refuses a file that is not SQLite and leaves it untouched', () => {
    const path = join(dir(), 'moshao.db');
    writeFileSync(path, 'this is a spreadsheet, not a database'.repeat(100));
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(DatabaseRefusedError);
    expect(() => openDatabase(path)).toThrow(/not an SQLite database/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it("refuses another application's SQLite database and leaves it untouched", () => {
    const path = join(dir(), 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices VALUES (1, 9.5);');
    other.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(/another application/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuses a corrupt SQLite file with a clear message', () => {
    const path = join(dir(), 'corrupt.db');
    const db = openDatabase(path);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(path);
    bytes.fill(0xff, 100, bytes.length); // keep the magic header, wreck the pages
    writeFileSync(path, bytes);
    expect(() => openDatabase(path)).toThrow(DatabaseRefusedError);
  });

  it('moves idempotency keys to (caller, key) with a body hash, dropping the old keys that had no caller; lays the plan out for fixed ids', () => {
    const path = join(dir(), 'v4.db');
    const fresh = openDatabase(path);
    // Back to the tables as migrations 002 and 004 left them, with one key in it, at version 4.
    fresh.exec(dropsAfter(7));
    fresh.exec(`DROP TABLE module_events; DROP INDEX replay_plan_ticket; ALTER TABLE replay_plan DROP COLUMN ticket_id; DROP INDEX tickets_duplicate_of;
      DROP INDEX ticket_events_ticket_at; CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
      CREATE TABLE replay_steps (id INTEGER PRIMARY KEY, ref TEXT NOT NULL, at INTEGER NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, note TEXT NOT NULL, rating INTEGER) STRICT;
      DROP TABLE idempotency_keys;
      CREATE TABLE idempotency_keys (key TEXT PRIMARY KEY, ticket_id INTEGER NOT NULL, created_at INTEGER NOT NULL) STRICT;
      INSERT INTO idempotency_keys VALUES ('mp-0001', 1, 0);`);
    fresh.pragma('user_version = 4');
    fresh.close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    const columns = (db.prepare('PRAGMA table_info(idempotency_keys)').all() as { name: string; pk: number }[]).map((c) => [c.name, c.pk]);
    expect(columns).toEqual([['caller', 1], ['key', 2], ['body_hash', 0], ['ticket_id', 0], ['created_at', 0]]);
    expect(db.prepare('SELECT count(*) AS n FROM idempotency_keys').get()).toEqual({ n: 0 });
    db.close();
  });
});
