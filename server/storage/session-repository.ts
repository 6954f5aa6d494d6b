import type { Db } from './database.js';

export interface SessionRow {
  idHash: string;
  accountId: number;
  createdAt: number;
  expiresAt: number;
}

/** Login sessions, keyed by the SHA-256 of the cookie's id. */
export function createSessionRepository(db: Db) {
  const insert = db.prepare('INSERT INTO sessions (id_hash, account_id, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?)');
  const find = db.prepare('SELECT id_hash AS idHash, account_id AS accountId, created_at AS createdAt, expires_at AS expiresAt FROM sessions WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeByAccount = db.prepare('DELETE FROM sessions WHERE account_id = ?');
  const removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');

  return {
    insertSession(s: SessionRow & { ip: string }): void {
      insert.run(s.idHash, s.accountId, s.createdAt, s.expiresAt, s.ip);
    },
    findSession(idHash: string): SessionRow | null {
      return (find.get(idHash) as SessionRow | undefined) ?? null;
    },
    deleteSession(idHash: string): void {
      remove.run(idHash);
    },
    deleteSessionsOfAccount(accountId: number): void {
      removeByAccount.run(accountId);
    },
    deleteExpiredSessions(now: number): number {
      return removeExpired.run(now).changes;
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
