import type { AuditAction, AuditEntry } from '../../shared/schemas/auth.js';
import type { Db } from './database.js';
import { charged } from './request-budget.js';

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

interface AuditRow extends Omit<AuditEntry, 'detail'> {
  detail: string;
}

/** The append-only audit log. */
export function createAuditRepository(db: Db) {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, target, detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const SELECT = `SELECT id, at, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, target, detail, ip
    FROM audit_log`;

  return {
    appendAudit(e: NewAuditEntry): void {
      insert.run(e.at, e.actorKind, e.actorId, e.actorName, e.action, e.target, JSON.stringify(e.detail), e.ip);
    },
    /** Newest first, below `beforeId` when given. */
    listAudit(f: { beforeId?: number; action?: AuditAction; limit: number }): AuditEntry[] {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (f.action) { where.push('action = ?'); params.push(f.action); }
      // Always bound, so the newest-first read is a range of the primary key (or of audit_log_action), never a scan.
      where.push('id < ?');
      params.push(f.beforeId ?? Number.MAX_SAFE_INTEGER);
      const sql = `${SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
      return (charged(() => db.prepare(sql).all(...params, f.limit)) as AuditRow[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
