import type { Db } from '../storage/database.js';
import { createAccountRepository } from '../storage/account-repository.js';
import { createAuditRepository } from '../storage/audit-repository.js';
import { createIntakeTokenRepository } from '../storage/intake-token-repository.js';
import { createSessionRepository } from '../storage/session-repository.js';
import { createAccountService } from './accounts.js';
import { createAuditLog } from './audit-log.js';
import { createAuthorizer } from './authorize.js';
import { createIntakeTokenService } from './intake-tokens.js';
import { createSessionService } from './sessions.js';

/** Accounts, sessions, intake tokens, the audit log and the authorizer, wired on one database. */
export function createAuth(deps: { db: Db; now: () => number; townNames: Map<string, string>; configuredIntakeToken: string }) {
  const { db, now, townNames } = deps;
  const accountRepo = createAccountRepository(db);
  const sessionRepo = createSessionRepository(db);
  const audit = createAuditLog(createAuditRepository(db), now);
  const sessions = createSessionService({ accounts: accountRepo, sessions: sessionRepo, audit, now, townNames });
  const tokens = createIntakeTokenService({ repo: createIntakeTokenRepository(db), audit, now, configured: deps.configuredIntakeToken });
  const accounts = createAccountService({ accounts: accountRepo, sessions: sessionRepo, audit, now, townNames });
  const authorizer = createAuthorizer({ sessions, tokens });
  return { audit, sessions, tokens, accounts, authorizer };
}
export type Auth = ReturnType<typeof createAuth>;
