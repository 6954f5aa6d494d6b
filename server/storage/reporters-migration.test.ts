import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

describe('migration 014 (reporter accounts)', () => {
  it('rebuilds accounts with the reporter role and keeps the sessions and tokens that point at them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moshao-014-')), 'moshao.db');
    // A database as the version before left it, written with foreign keys on as the server runs.
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    old.pragma('application_id = 1297044296');
    for (const f of readdirSync(MIGRATIONS).filter((n) => /^\d{3}-.*\.sql$/.test(n) && Number(n.slice(0, 3)) < 14).sort()) {
      old.exec(readFileSync(join(MIGRATIONS, f), 'utf8'));
    }
    old.exec(`INSERT INTO accounts (id, username, role, password_hash, created_at) VALUES (7, 'viewer', 'viewer', 'h', 1);
      INSERT INTO sessions (id_hash, account_id, created_at, expires_at, ip) VALUES ('s', 7, 1, 2, '::1');
      INSERT INTO intake_tokens (name, prefix, secret_hash, created_by, created_at) VALUES ('mp', 'ab', 'x', 7, 1);`);
    expect(() => old.exec("INSERT INTO accounts (username, role, password_hash, created_at) VALUES ('r', 'reporter', 'h', 1)")).toThrow(/CHECK/);
    old.pragma('user_version = 13');
    old.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(14);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.prepare('SELECT id, username, role, staff_id FROM accounts').all()).toEqual([{ id: 7, username: 'viewer', role: 'viewer', staff_id: null }]);
    expect(db.prepare('SELECT account_id FROM sessions').pluck().all()).toEqual([7]);
    // The references still hold on the new table: a session of no account is refused.
    expect(() => db.exec("INSERT INTO sessions (id_hash, account_id, created_at, expires_at, ip) VALUES ('t', 99, 1, 2, '::1')")).toThrow(/FOREIGN KEY/);
    // A reporter needs its staff row, and only a reporter has one.
    expect(() => db.exec("INSERT INTO accounts (username, role, password_hash, created_at) VALUES ('r', 'reporter', 'h', 1)")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO accounts (username, role, staff_id, password_hash, created_at) VALUES ('v', 'viewer', 'S1', 'h', 1)")).toThrow(/CHECK/);
    db.close();
  });
});
