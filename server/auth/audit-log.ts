import type { AuditAction, AuditEntry, AuditQuery } from '../../shared/schemas/auth.js';
import type { AuditRepository } from '../storage/audit-repository.js';
import type { Principal } from './policy.js';

/** Who did it: a principal, or a name for actions without one (a failed login, the start-up). */
export type AuditActor = Principal | { kind: 'anonymous'; name: string };

/** Writes and pages the audit log; times are wall-clock even in demo mode (the replay clock is virtual). */
export function createAuditLog(repo: AuditRepository, now: () => number) {
  return {
    record(actor: AuditActor, action: AuditAction, target: string, detail: Record<string, unknown>, ip: string): void {
      const who =
        actor.kind === 'account' ? { actorKind: 'account' as const, actorId: String(actor.accountId), actorName: actor.username }
        : actor.kind === 'token' ? { actorKind: 'token' as const, actorId: actor.tokenId, actorName: actor.name }
        : { actorKind: 'anonymous' as const, actorId: null, actorName: actor.name.slice(0, 64) };
      repo.appendAudit({ at: now(), ...who, action, target, detail, ip });
    },

    page(q: AuditQuery): { items: AuditEntry[]; nextCursor: string | null } {
      const limit = q.limit ?? 50;
      const rows = repo.listAudit({ action: q.action, beforeId: q.cursor ? Number(q.cursor) : undefined, limit: limit + 1 });
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? String(items[items.length - 1].id) : null };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
