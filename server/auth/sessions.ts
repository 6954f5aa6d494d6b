import { SESSION_TTL_MS, type Me, type ReporterInfo } from '../../shared/schemas/auth.js';
import type { AccountRepository, StoredAccount } from '../storage/account-repository.js';
import type { SessionRepository, SessionRow } from '../storage/session-repository.js';
import type { AuditLog } from './audit-log.js';
import { dummyHash, randomSecret, sha256, verifyPassword } from './passwords.js';
import type { AccountPrincipal, ReporterBinding } from './policy.js';
import { normalizeUsername } from './usernames.js';

export interface SessionDeps {
  accounts: AccountRepository;
  sessions: SessionRepository;
  audit: AuditLog;
  now: () => number;
  townNames: Map<string, string>;
  /** A reporter's binding as GET /api/auth/me shows it (cell and village names); null when the world lacks the cell. */
  describeReporter?: (b: ReporterBinding) => ReporterInfo | null;
}

export type ResolvedSession = { principal: AccountPrincipal; session: SessionRow; csrfToken: string };

export const principalOf = (a: StoredAccount): AccountPrincipal => ({
  kind: 'account', accountId: a.id, username: a.username, role: a.role, townCode: a.townCode,
  ...(a.reporter ? { reporter: a.reporter } : {}),
});

/**
 * Logins and sessions. The cookie holds a random id; the database holds its SHA-256. The CSRF token is derived from
 * the id (another hash), so it needs no storage and cannot be computed from a copy of the database.
 */
export function createSessionService(deps: SessionDeps) {
  const { accounts, sessions, audit, now, townNames } = deps;
  const csrfOf = (sessionId: string) => sha256(`csrf:${sessionId}`);

  const meOf = (r: ResolvedSession): Me => {
    const binding = r.principal.reporter;
    const reporter = binding && deps.describeReporter ? deps.describeReporter(binding) : null;
    return {
      user: {
        id: r.principal.accountId, username: r.principal.username, role: r.principal.role, townCode: r.principal.townCode,
        townName: r.principal.townCode ? (townNames.get(r.principal.townCode) ?? null) : null,
      },
      csrfToken: r.csrfToken,
      expiresAt: r.session.expiresAt,
      ...(reporter ? { reporter } : {}),
    };
  };

  return {
    meOf,

    /**
     * Checks the password (as slowly for unknown names) and opens a session; null when refused. Audited either way.
     * The username is normalised first (usernames.ts): ' Admin ' is admin. Limits are login.ts's, not this.
     */
    async login(typed: string, password: string, ip: string): Promise<{ sessionId: string; me: Me } | null> {
      const username = normalizeUsername(typed);
      const account = accounts.findAccountByUsername(username);
      const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyHash()));
      if (!account || !ok || account.disabled) {
        const reason = !account ? 'unknown_user' : !ok ? 'wrong_password' : 'disabled';
        audit.record({ kind: 'anonymous', name: username }, 'login.failure', account ? `account:${account.id}` : 'account:?', { reason }, ip);
        return null;
      }
      const at = now();
      sessions.deleteExpiredSessions(at);
      const sessionId = randomSecret(32);
      const session: SessionRow = { idHash: sha256(sessionId), accountId: account.id, createdAt: at, expiresAt: at + SESSION_TTL_MS };
      sessions.insertSession({ ...session, ip });
      accounts.recordLogin(account.id, at);
      const principal = principalOf(account);
      audit.record(principal, 'login.success', `account:${account.id}`, {}, ip);
      return { sessionId, me: meOf({ principal, session, csrfToken: csrfOf(sessionId) }) };
    },

    /** The live session of a cookie value: null when unknown, ended, or its account disabled. */
    resolve(sessionId: string): ResolvedSession | null {
      const session = sessions.findSession(sha256(sessionId));
      if (!session) return null;
      if (session.expiresAt <= now()) {
        sessions.deleteSession(session.idHash);
        return null;
      }
      const account = accounts.findAccount(session.accountId);
      if (!account || account.disabled) return null;
      return { principal: principalOf(account), session, csrfToken: csrfOf(sessionId) };
    },

    logout(r: ResolvedSession, ip: string): void {
      sessions.deleteSession(r.session.idHash);
      audit.record(r.principal, 'logout', `account:${r.principal.accountId}`, {}, ip);
    },
  };
}
export type SessionService = ReturnType<typeof createSessionService>;
