import type { IntakeToken } from '../../shared/schemas/auth.js';
import type { Db } from './database.js';

const COLUMNS = 'id, name, prefix, created_at AS createdAt, revoked_at AS revokedAt, last_used_at AS lastUsedAt';

/** Intake tokens made by the admin; only the SHA-256 of each secret is kept. */
export function createIntakeTokenRepository(db: Db) {
  const insert = db.prepare('INSERT INTO intake_tokens (name, prefix, secret_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)');
  const byId = db.prepare(`SELECT ${COLUMNS} FROM intake_tokens WHERE id = ?`);
  const activeByHash = db.prepare(`SELECT ${COLUMNS} FROM intake_tokens WHERE secret_hash = ? AND revoked_at IS NULL`);
  const all = db.prepare(`SELECT ${COLUMNS} FROM intake_tokens ORDER BY id`);
  const revoke = db.prepare('UPDATE intake_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const touch = db.prepare('UPDATE intake_tokens SET last_used_at = ? WHERE id = ?');

  return {
    insertIntakeToken(t: { name: string; prefix: string; secretHash: string; createdBy: number | null; createdAt: number }): number {
      return Number(insert.run(t.name, t.prefix, t.secretHash, t.createdBy, t.createdAt).lastInsertRowid);
    },
    findIntakeToken(id: number): IntakeToken | null {
      return (byId.get(id) as IntakeToken | undefined) ?? null;
    },
    findActiveIntakeTokenByHash(secretHash: string): IntakeToken | null {
      return (activeByHash.get(secretHash) as IntakeToken | undefined) ?? null;
    },
    listIntakeTokens(): IntakeToken[] {
      return all.all() as IntakeToken[];
    },
    revokeIntakeToken(id: number, at: number): boolean {
      return revoke.run(at, id).changes === 1;
    },
    recordIntakeTokenUse(id: number, at: number): void {
      touch.run(at, id);
    },
  };
}
export type IntakeTokenRepository = ReturnType<typeof createIntakeTokenRepository>;
