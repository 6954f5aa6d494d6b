import { DAY_MS } from '../../shared/constants.js';
import { REPORTER_STAFF_ROLES, type ReporterStaffRole } from '../../shared/schemas/auth.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import type { AccountRepository } from '../storage/account-repository.js';
import type { ReporterRepository, RosterRow, StaffRef } from '../storage/reporter-repository.js';
import type { AuditLog } from './audit-log.js';
import { hashCode, INVITATION_CODE_LENGTH, normalizeCode, randomCode } from './codes.js';
import type { Door } from './door.js';
import { weakPasswordReason } from './password-policy.js';
import { hashPassword } from './passwords.js';
import { decide, type AccountPrincipal } from './policy.js';

/** An invitation is good for a week: long enough to hand out the cards, short enough that a lost one expires. */
export const INVITATION_TTL_MS = 7 * DAY_MS;

/** The username of a staff row's account: r-<staff id> in the characters usernames allow. */
export function reporterUsername(staffId: string): string {
  return `r-${staffId.toLowerCase().replace(/[^a-z0-9_.-]/g, '-')}`.slice(0, 32);
}

const isReporterRole = (role: string): role is ReporterStaffRole => (REPORTER_STAFF_ROLES as readonly string[]).includes(role);

/**
 * Reporter accounts: a supervisor in scope invites a 信息员 or 中心户 of the world's staff, the reporter redeems the
 * code with a password of their choosing. Only the codes' hashes are stored; each code is good once, for a week.
 */
export function createReporterService(deps: {
  repo: ReporterRepository; accounts: AccountRepository; audit: AuditLog; door: Door; now: () => number;
  transaction: <T>(fn: () => T) => T;
}) {
  const { repo, accounts, audit, now } = deps;

  const staffOrThrow = (staffId: string): StaffRef & { role: ReporterStaffRole } => {
    const staff = repo.findStaff(staffId);
    if (!staff) throw new DomainError(404, 'unknown_staff', `No staff member has the id "${staffId}".`, 'staffId');
    if (!isReporterRole(staff.role)) {
      throw new DomainError(400, 'not_a_reporter', `Staff ${staffId} is a ${staff.role}; only info officers (信息员) and central households (中心户) get reporter accounts.`, 'staffId');
    }
    return { ...staff, role: staff.role };
  };

  return {
    /** The staff row's cell, for the route's scope check before anything is written (undefined: unknown staff). */
    cellOfStaff(staffId: string): string | undefined {
      return repo.findStaff(staffId)?.gridId;
    },

    /** A scope's reporters with their invitations judged open or not by the same clock that expires them. */
    roster(prefix: string, limit: number): RosterRow[] {
      return repo.rosterIn(prefix, now(), limit);
    },

    /** A fresh invitation for a staff row inside the actor's reach; the code is returned once and stored as a hash. */
    invite(actor: AccountPrincipal, staffId: string, ip: string): { code: string; expiresAt: number; staffId: string } {
      const staff = staffOrThrow(staffId);
      const allowed = decide(actor, 'reporters:invite', staff.gridId);
      if (!allowed.ok) throw new DomainError(allowed.status, allowed.code, allowed.message, 'staffId');
      if (accounts.accountOfStaff(staffId) !== null) {
        throw new DomainError(409, 'already_activated', `Staff ${staffId} already has a reporter account; an admin can disable it.`, 'staffId');
      }
      const code = randomCode(INVITATION_CODE_LENGTH);
      const createdAt = now();
      const expiresAt = createdAt + INVITATION_TTL_MS;
      repo.insertInvitation({ codeHash: hashCode(code), staffId, createdBy: actor.accountId, createdAt, expiresAt });
      audit.record(actor, 'reporter.invite', `staff:${staffId}`, { staffId, expiresAt }, ip);
      return { code, expiresAt, staffId };
    },

    /** Redeems a code: a reporter account bound to the invited staff row, with the password the reporter chose. */
    async activate(typed: string, password: string, ip: string): Promise<{ username: string; accountId: number }> {
      const refused = deps.door.admitActivation(ip);
      if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
      const code = normalizeCode(typed, INVITATION_CODE_LENGTH);
      const wrong = () => new DomainError(400, 'invalid_code', 'No invitation has this code: check the 8 characters on the card.', 'code');
      if (!code) throw wrong();
      const codeHash = hashCode(code);
      const check = () => {
        const invitation = repo.findInvitation(codeHash);
        if (!invitation) throw wrong();
        if (invitation.usedAt !== null) throw new DomainError(410, 'code_used', 'This invitation has been used already: log in with your username and password, or ask for a new one.', 'code');
        if (invitation.expiresAt <= now()) throw new DomainError(410, 'code_expired', 'This invitation has expired (they last 7 days): ask your supervisor for a new one.', 'code');
        if (accounts.accountOfStaff(invitation.staffId) !== null) {
          throw new DomainError(410, 'code_used', 'You already have an account (from another invitation): log in with it.', 'code');
        }
        return invitation;
      };
      const { staffId } = check();
      staffOrThrow(staffId);
      const username = reporterUsername(staffId);
      const reason = weakPasswordReason(password, username);
      if (reason) throw new DomainError(400, 'weak_password', `The password ${reason}; choose another.`, 'password');
      const passwordHash = await hashPassword(password);
      // Checked again after the hash: another request may have redeemed the code meanwhile.
      const accountId = deps.transaction(() => {
        check();
        if (accounts.findAccountByUsername(username)) throw new DomainError(409, 'username_taken', `The username "${username}" is taken; ask an admin.`);
        const id = accounts.insertReporter({ username, staffId, passwordHash, createdAt: now() });
        if (!repo.useInvitation(codeHash, now(), id)) throw new DomainError(410, 'code_used', 'This invitation has been used already.', 'code');
        return id;
      });
      audit.record({ kind: 'account', accountId, username, role: 'reporter', townCode: null }, 'reporter.activate', `account:${accountId}`, { staffId }, ip);
      return { username, accountId };
    },
  };
}
export type ReporterService = ReturnType<typeof createReporterService>;
