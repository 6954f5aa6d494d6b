import type { Db } from '../storage/database.js';
import { createAccountRepository } from '../storage/account-repository.js';
import { createAuditRepository } from '../storage/audit-repository.js';
import { createIntakeTokenRepository } from '../storage/intake-token-repository.js';
import { createSecretRepository } from '../storage/secret-repository.js';
import { createReporterRepository } from '../storage/reporter-repository.js';
import { createSessionRepository } from '../storage/session-repository.js';
import type { ReporterInfo } from '../../shared/schemas/auth.js';
import { createAccountService } from './accounts.js';
import { createAuditLog } from './audit-log.js';
import { createAuthorizer } from './authorize.js';
import { createDeviceCookies } from './device-cookies.js';
import { createDoor, DOOR_BUDGETS, type DoorBudgets } from './door.js';
import { createIntakeBudget } from './intake-budget.js';
import { createIntakeTokenService } from './intake-tokens.js';
import { createLogin } from './login.js';
import { randomSecret } from './passwords.js';
import type { ReporterBinding } from './policy.js';
import { receiptFor } from './codes.js';
import { createReporterService } from './reporters.js';
import { createSessionService } from './sessions.js';

/**
 * Accounts, sessions, logins with device cookies, intake tokens, the audit log, the limits at the door and the
 * authorizer, wired on one database.
 */
export function createAuth(deps: {
  db: Db; now: () => number; townNames: Map<string, string>; configuredIntakeToken: string; budgets?: Partial<DoorBudgets>;
  /** A reporter's binding with its cell's and village's names, for GET /api/auth/me. */
  describeReporter?: (b: ReporterBinding) => ReporterInfo | null;
}) {
  const { db, now, townNames } = deps;
  const accountRepo = createAccountRepository(db);
  const sessionRepo = createSessionRepository(db);
  const audit = createAuditLog(createAuditRepository(db), now);
  const sessions = createSessionService({ accounts: accountRepo, sessions: sessionRepo, audit, now, townNames, describeReporter: deps.describeReporter });
  const tokens = createIntakeTokenService({ repo: createIntakeTokenRepository(db), audit, now, configured: deps.configuredIntakeToken });
  const accounts = createAccountService({ accounts: accountRepo, sessions: sessionRepo, audit, now, townNames });
  const door = createDoor({ ...DOOR_BUDGETS, ...deps.budgets }, now);
  const authorizer = createAuthorizer({ sessions, tokens, door, audit });
  const intakeBudget = createIntakeBudget(door, authorizer);
  const secrets = createSecretRepository(db);
  const deviceKey = secrets.findOrInsertSecret('device_cookie', randomSecret(32), now());
  const receiptKey = Buffer.from(secrets.findOrInsertSecret('receipt_key', randomSecret(32), now()), 'base64url');
  const deviceCookies = createDeviceCookies(Buffer.from(deviceKey, 'base64url'), now);
  const login = createLogin({ door, sessions, deviceCookies, audit });
  const reporterRepo = createReporterRepository(db);
  const reporters = createReporterService({
    repo: reporterRepo, accounts: accountRepo, audit, door, now, transaction: (fn) => db.transaction(fn)(),
  });
  /** A resident's receipt for a report (server/auth/codes.ts receiptFor). */
  const receiptOf = (caller: string, idempotencyKey: string | undefined) => receiptFor(receiptKey, caller, idempotencyKey);
  return { audit, sessions, tokens, accounts, authorizer, door, intakeBudget, login, reporters, reporterRepo, receiptOf };
}
export type Auth = ReturnType<typeof createAuth>;
