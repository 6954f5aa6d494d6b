import type { CreatedIntakeToken, IntakeToken } from '../../shared/schemas/auth.js';
import { DomainError } from '../domain/errors.js';
import type { IntakeTokenRepository } from '../storage/intake-token-repository.js';
import type { AuditLog } from './audit-log.js';
import { randomSecret, safeEqual, sha256 } from './passwords.js';
import type { AccountPrincipal, TokenPrincipal } from './policy.js';

const TOKEN_PREFIX = 'mst_';
const PREFIX_SHOWN_CHARS = 8;
// last_used_at is a hint for the admin, not a log: one write a minute per token keeps it off the intake's hot path.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Intake tokens: the configured one (MOSHAO_INTAKE_TOKEN or generated at start) and those the admin makes. */
export function createIntakeTokenService(deps: { repo: IntakeTokenRepository; audit: AuditLog; now: () => number; configured: string }) {
  const { repo, audit, now, configured } = deps;
  const lastWritten = new Map<number, number>();
  const configuredPrincipal: TokenPrincipal = { kind: 'token', tokenId: 'configured', name: 'MOSHAO_INTAKE_TOKEN' };

  return {
    /** The principal of a Bearer secret, or null. */
    resolve(secret: string): TokenPrincipal | null {
      if (safeEqual(secret, configured)) return configuredPrincipal;
      if (!secret.startsWith(TOKEN_PREFIX)) return null;
      const token = repo.findActiveIntakeTokenByHash(sha256(secret));
      if (!token) return null;
      const at = now();
      if (at - (lastWritten.get(token.id) ?? 0) >= LAST_USED_RESOLUTION_MS) {
        lastWritten.set(token.id, at);
        repo.recordIntakeTokenUse(token.id, at);
      }
      return { kind: 'token', tokenId: String(token.id), name: token.name };
    },

    list(): IntakeToken[] {
      return repo.listIntakeTokens();
    },

    create(actor: AccountPrincipal, name: string, ip: string): CreatedIntakeToken {
      const secret = TOKEN_PREFIX + randomSecret(32);
      const id = repo.insertIntakeToken({
        name: name.trim(), prefix: secret.slice(0, PREFIX_SHOWN_CHARS), secretHash: sha256(secret), createdBy: actor.accountId, createdAt: now(),
      });
      audit.record(actor, 'token.create', `token:${id}`, { name: name.trim() }, ip);
      return { token: repo.findIntakeToken(id)!, secret };
    },

    revoke(actor: AccountPrincipal, id: number, ip: string): IntakeToken {
      const token = repo.findIntakeToken(id);
      if (!token) throw new DomainError(404, 'not_found', `No intake token with id ${id}.`);
      if (token.revokedAt !== null) throw new DomainError(409, 'already_revoked', `Intake token ${id} was already revoked.`);
      repo.revokeIntakeToken(id, now());
      audit.record(actor, 'token.revoke', `token:${id}`, { name: token.name }, ip);
      return repo.findIntakeToken(id)!;
    },
  };
}
export type IntakeTokenService = ReturnType<typeof createIntakeTokenService>;
