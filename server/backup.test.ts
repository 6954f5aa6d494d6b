import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { auth, testApp } from './test/app.js';
import { driveIntake, FORK_TOKEN, forkServer, intakeBody, type ForkedServer } from './test/forked-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'moshao-backup-'));
let server: ForkedServer | null = null;
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** `npm run backup -- <file>` (the same command without npm's own start-up). */
function runBackupCommand(source: string, dest: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/backup.ts', dest], {
      cwd: ROOT, env: { ...process.env, MOSHAO_DB: source }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const BACKUP_FILE = /^moshao-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.db$/;
const until = async (what: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('npm run backup (online copy while the real server takes intake)', () => {
  it('writes a copy that passes integrity_check, holds every ticket acknowledged before it began, and runs', async () => {
    const source = join(dir, 'live.db');
    const copy = join(dir, 'copy.db');
    // The small test world, written in-process; the forked server then starts on the file as it would on any other.
    await (await testApp({ dbPath: source })).close();
    server = await forkServer(source);
    const ro = new Database(source, { readonly: true });
    const cells = (ro.prepare('SELECT id FROM grid_cells ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    ro.close();

    const intake = driveIntake(server.base, cells, 'backup');
    await until(() => intake.answers.filter((a) => a.status === 201).length >= 50);
    const ackedBefore = intake.answers.filter((a) => a.status === 201).map((a) => ({ key: a.key, id: a.id! }));
    const backup = await runBackupCommand(source, copy);
    const during = intake.answers.length - ackedBefore.length;
    const all = await intake.stop();
    await server.stop();
    server = null;
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/integrity ok/);
    // Intake went on while the copy was written: the backup did not stop the server's writes.
    expect(during).toBeGreaterThan(0);
    expect(all.every((a) => a.status === 201)).toBe(true);

    const db = new Database(copy, { readonly: true });
    let inCopy: number;
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const get = db.prepare('SELECT t.title AS title, k.key AS key FROM tickets t JOIN idempotency_keys k ON k.ticket_id = t.id WHERE t.id = ?');
      for (const { key, id } of ackedBefore) expect(get.get(id), key).toEqual({ title: `路灯不亮 ${key}`, key });
      // The tickets the copy's clock has reached (the demo's year holds later ones too, not yet visible).
      inCopy = db.prepare("SELECT count(*) FROM tickets WHERE reported_at <= (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'replay_processed_to')").pluck().get() as number;
    } finally {
      db.close();
    }

    // MOSHAO_DB=<copy> starts from it (buildApp is what main.ts runs) and still knows the copied keys.
    const restored = await buildApp({ dbPath: copy, intakeToken: FORK_TOKEN, clientDir: '/nonexistent' });
    try {
      expect((await restored.inject('/api/health')).json().tickets).toBe(inCopy);
      const first = ackedBefore[0];
      const gridOfFirst = restored.moshao.db.prepare('SELECT grid_id FROM tickets WHERE id = ?').pluck().get(first.id) as string;
      const retry = await restored.inject({
        method: 'POST', url: '/api/tickets', headers: { authorization: `Bearer ${FORK_TOKEN}`, 'idempotency-key': first.key },
        payload: intakeBody(first.key, gridOfFirst),
      });
      expect(retry.statusCode).toBe(200);
      expect(retry.json().id).toBe(first.id);
    } finally {
      await restored.close();
    }
  }, 120_000);

  it('refuses to overwrite an existing file', async () => {
    const existing = join(dir, 'exists.db');
    writeFileSync(existing, 'keep me');
    const r = await runBackupCommand(join(dir, 'live.db'), existing);
    expect(r.code).toBe(2);
    expect(r.output).toMatch(/exists/);
  });
});

describe('periodic backups inside the server (MOSHAO_BACKUP_DIR)', () => {
  it('writes timestamped copies, keeps the newest KEEP and leaves other files alone', async () => {
    const backups = join(dir, 'periodic');
    mkdirSync(backups);
    writeFileSync(join(backups, 'notes.txt'), 'not a backup');
    // A copy a crash left half-written: never mistaken for a backup, removed at the next prune.
    writeFileSync(join(backups, 'moshao-2020-01-01T00-00-00-000Z.db.partial'), 'half');
    const lines: string[] = [];
    const app = await testApp({ backup: { dir: backups, intervalMs: 150, keep: 2 }, onProgress: (l) => lines.push(l) });
    try {
      const filed = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
        category: 'lamp', title: '路灯不亮', channel: 'mini_program', reporterRole: 'resident',
        gridId: (app.moshao.db.prepare('SELECT id FROM grid_cells LIMIT 1').pluck().get() as string),
      } });
      expect(filed.statusCode).toBe(201);
      const before = lines.length;
      await until(() => lines.slice(before).filter((l) => l.startsWith('backup written')).length >= 3);
    } finally {
      await app.close();
    }
    const files = readdirSync(backups).sort();
    const copies = files.filter((f) => BACKUP_FILE.test(f));
    expect(files).toEqual([...copies, 'notes.txt'].sort());
    expect(copies).toHaveLength(2);
    // The two kept are the two written last.
    const written = lines.filter((l) => l.startsWith('backup written')).map((l) => /\/(moshao-[^/ ]+\.db) /.exec(l)![1]);
    expect(copies).toEqual(written.slice(-2).sort());
    for (const f of copies) {
      const db = new Database(join(backups, f), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT count(*) FROM tickets WHERE title = '路灯不亮'").pluck().get()).toBe(1);
      db.close();
    }
  });

  it('logs a failing backup and keeps serving', async () => {
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'a file where the backup directory should be');
    const lines: string[] = [];
    const app = await testApp({ backup: { dir: notADir, intervalMs: 100, keep: 2 }, onProgress: (l) => lines.push(l) });
    try {
      await until(() => lines.filter((l) => l.startsWith('backup failed')).length >= 2);
      expect((await app.inject('/api/health')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
