import type { Db } from '../storage/database.js';
import { createAccountRepository } from '../storage/account-repository.js';
import { createAuditRepository } from '../storage/audit-repository.js';
import { createIntakeTokenRepository } from '../storage/intake-token-repository.js';
import { createSessionRepository } from '../storage/session-repository.js';
import { createAccountService } from './accounts.js';
import { createAuditLog } from './audit-log.js';
import { createAuthorizer } from './authorize.js';
import { createDoor, DOOR_BUDGETS, type DoorBudgets } from './door.js';
import { createIntakeTokenService } from './intake-tokens.js';
import { createSessionService } from './sessions.js';

/** Accounts, sessions, intake tokens, the audit log, the limits at the door and the authorizer, wired on one database. */
export function createAuth(deps: {
  db: Db; now: () => number; townNames: Map<string, string>; configuredIntakeToken: string; budgets?: Partial<DoorBudgets>;
}) {
  const { db, now, townNames } = deps;
  const accountRepo = createAccountRepository(db);
  const sessionRepo = createSessionRepository(db);
  const audit = createAuditLog(createAuditRepository(db), now);
  const sessions = createSessionService({ accounts: accountRepo, sessions: sessionRepo, audit, now, townNames });
  const tokens = createIntakeTokenService({ repo: createIntakeTokenRepository(db), audit, now, configured: deps.configuredIntakeToken });
  const accounts = createAccountService({ accounts: accountRepo, sessions: sessionRepo, audit, now, townNames });
  const door = createDoor({ ...DOOR_BUDGETS, ...deps.budgets }, now);
  const authorizer = createAuthorizer({ sessions, tokens, door, audit });
  return { audit, sessions, tokens, accounts, authorizer, door };
}
export type Auth = ReturnType<typeof createAuth>;
