import type { Mode } from '../../shared/constants.js';
import type { Account, AccountPatchBody, NewAccountBody, Role } from '../../shared/schemas/auth.js';
import { DomainError } from '../domain/errors.js';
import { publicAccount, type AccountRepository } from '../storage/account-repository.js';
import type { SessionRepository } from '../storage/session-repository.js';
import type { AuditLog } from './audit-log.js';
import { weakPasswordReason } from './password-policy.js';
import { hashPassword, randomSecret, verifyPassword } from './passwords.js';
import type { AccountPrincipal } from './policy.js';
import { normalizeUsername } from './usernames.js';

/** The demo's town supervisor works for 丁卯街道. */
export const DEMO_TOWN_CODE = '321171001';
export const DEMO_TOWN_USERNAME = 'dingmao';
export const DEMO_VIEWER_USERNAME = 'viewer';

export interface BootstrapOptions {
  mode: Mode;
  /** MOSHAO_ADMIN_PASSWORD: the admin's password, set (or reset) at every start. Random and printed once when unset. */
  adminPassword?: string;
  /** Fixed passwords for the demo accounts (tests); random and printed once otherwise. */
  demoAccounts?: { townPassword: string; viewerPassword: string };
}
/** A password made up at start: main.ts prints it once. */
export interface GeneratedCredential {
  username: string;
  role: Role;
  password: string;
}

const SYSTEM = { kind: 'anonymous', name: 'system (start-up)' } as const;

/** Accounts as the admin manages them, and the start-up accounts. */
export function createAccountService(deps: {
  accounts: AccountRepository; sessions: SessionRepository; audit: AuditLog; now: () => number; townNames: Map<string, string>;
}) {
  const { accounts, sessions, audit, now, townNames } = deps;

  const checkTown = (role: Role, townCode: string | null | undefined): string | null => {
    if (role !== 'town') {
      if (townCode) throw new DomainError(400, 'invalid_town', `Only a town supervisor has a townCode; a ${role} reaches the whole district.`, 'townCode');
      return null;
    }
    if (!townCode) throw new DomainError(400, 'missing_town', 'A town supervisor needs a townCode (e.g. 321171001 for 丁卯街道).', 'townCode');
    if (!townNames.has(townCode)) throw new DomainError(400, 'unknown_town', `Unknown town code ${townCode}.`, 'townCode');
    return townCode;
  };

  /** A password a person chose (not the start-up's made-up or configured ones): refused with the reason. */
  const checkChosenPassword = (password: string, username: string) => {
    const reason = weakPasswordReason(password, username);
    if (reason) throw new DomainError(400, 'weak_password', `The password ${reason}; choose another.`, 'password');
  };

  const insert = async (username: string, password: string, role: Role, townCode: string | null) => {
    const id = accounts.insertAccount({ username, role, townCode, passwordHash: await hashPassword(password), createdAt: now() });
    return accounts.findAccount(id)!;
  };

  return {
    list(): Account[] {
      return accounts.listAccounts().map(publicAccount);
    },

    async create(actor: AccountPrincipal, body: NewAccountBody, ip: string): Promise<Account> {
      const townCode = checkTown(body.role, body.townCode);
      // Stored normalised, as logins look it up (the schema already allows only lower-case ASCII).
      const username = normalizeUsername(body.username);
      if (accounts.findAccountByUsername(username)) {
        throw new DomainError(409, 'username_taken', `The username "${username}" is taken.`, 'username');
      }
      checkChosenPassword(body.password, username);
      const created = await insert(username, body.password, body.role, townCode);
      audit.record(actor, 'account.create', `account:${created.id}`, { username: created.username, role: created.role, townCode }, ip);
      return publicAccount(created);
    },

    /** Changes role, town, password or disabled; a new password, a disabling or a role change ends the sessions. */
    async update(actor: AccountPrincipal, id: number, patch: AccountPatchBody, ip: string): Promise<Account> {
      const before = accounts.findAccount(id);
      if (!before) throw new DomainError(404, 'not_found', `No account with id ${id}.`);
      if (patch.password !== undefined) checkChosenPassword(patch.password, before.username);
      // A reporter is bound to its staff row: it stays a reporter (disable it instead), and no one becomes one by hand.
      if (before.role === 'reporter' && patch.role !== undefined) {
        throw new DomainError(400, 'reporter_role_fixed', 'A reporter account stays a reporter; disable it instead.', 'role');
      }
      if (before.role === 'reporter' && patch.townCode) {
        throw new DomainError(400, 'invalid_town', 'A reporter has no townCode: it reaches its own cell\'s village.', 'townCode');
      }
      const role = patch.role ?? before.role;
      const townCode = role === 'reporter' ? null : checkTown(role, patch.townCode !== undefined ? patch.townCode : role === 'town' ? before.townCode : null);
      const disabled = patch.disabled ?? before.disabled;
      const losesAdmin = before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled);
      if (losesAdmin && accounts.countActiveAdmins() <= 1) {
        throw new DomainError(409, 'last_admin', 'This is the last active admin: create another admin first.');
      }
      const passwordHash = patch.password ? await hashPassword(patch.password) : before.passwordHash;
      accounts.updateAccount({ ...before, role, townCode, disabled, passwordHash });
      if (patch.password || disabled || role !== before.role || townCode !== before.townCode) sessions.deleteSessionsOfAccount(id);
      const changed = {
        ...(role !== before.role ? { role } : {}), ...(townCode !== before.townCode ? { townCode } : {}),
        ...(disabled !== before.disabled ? { disabled } : {}), ...(patch.password ? { password: 'changed' } : {}),
      };
      audit.record(actor, 'account.update', `account:${id}`, { username: before.username, ...changed }, ip);
      return publicAccount(accounts.findAccount(id)!);
    },

    /**
     * The admin (from MOSHAO_ADMIN_PASSWORD, reset to it at each start when set) and, in demo mode, a 丁卯街道 town
     * supervisor and a viewer. Accounts that exist keep their passwords; made-up passwords are returned to be printed.
     * The password policy is not applied here: made-up passwords are random, and a weak MOSHAO_ADMIN_PASSWORD must not
     * stop a server from starting (main.ts warns about it instead).
     */
    async bootstrap(opts: BootstrapOptions): Promise<GeneratedCredential[]> {
      const generated: GeneratedCredential[] = [];
      const ensure = async (username: string, role: Role, townCode: string | null, given: string | undefined) => {
        if (accounts.findAccountByUsername(username)) return;
        const password = given ?? randomSecret(12);
        const created = await insert(username, password, role, townCode);
        audit.record(SYSTEM, 'account.create', `account:${created.id}`, { username, role, townCode }, 'local');
        if (!given) generated.push({ username, role, password });
      };
      const admin = accounts.findAccountByUsername('admin');
      if (admin && opts.adminPassword && (admin.disabled || !(await verifyPassword(opts.adminPassword, admin.passwordHash)))) {
        accounts.updateAccount({ ...admin, role: 'admin', townCode: null, disabled: false, passwordHash: await hashPassword(opts.adminPassword) });
        sessions.deleteSessionsOfAccount(admin.id);
        audit.record(SYSTEM, 'account.update', `account:${admin.id}`, { username: 'admin', password: 'set from MOSHAO_ADMIN_PASSWORD' }, 'local');
      }
      await ensure('admin', 'admin', null, opts.adminPassword);
      if (opts.mode === 'demo') {
        await ensure(DEMO_TOWN_USERNAME, 'town', DEMO_TOWN_CODE, opts.demoAccounts?.townPassword);
        await ensure(DEMO_VIEWER_USERNAME, 'viewer', null, opts.demoAccounts?.viewerPassword);
      }
      return generated;
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
