import { createRateLimiter, type Budget, type Verdict } from './rate-limiter.js';

/**
 * The budgets at the door. Intake counts every request of a caller; the others count only failures (a request takes a
 * token first and gets it back when it succeeds).
 */
export interface DoorBudgets {
  /** POST /api/tickets and POST /api/modules/events per caller (intake token or account): 120 a minute, 60 at once. */
  intake: Budget;
  /** Requests with a Bearer token that matches nothing, per IP. */
  bearerFailuresPerIp: Budget;
  /** Failed logins per IP, whatever the username: stops spraying one password over many accounts. */
  loginFailuresPerIp: Budget;
  /** Failed logins per username, from any IP: stops guessing one account's password from many addresses. */
  loginFailuresPerAccount: Budget;
}

export const DOOR_BUDGETS: DoorBudgets = {
  intake: { perMinute: 120, burst: 60 },
  bearerFailuresPerIp: { perMinute: 5, burst: 10 },
  loginFailuresPerIp: { perMinute: 5, burst: 20 },
  loginFailuresPerAccount: { perMinute: 1, burst: 5 },
};

/** A limit that refused: what to tell the caller and when to come back. */
export interface Refusal {
  message: string;
  retryAfterMs: number;
}

const inSeconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

export function createDoor(budgets: DoorBudgets, now: () => number) {
  const intake = createRateLimiter(budgets.intake, now);
  const bearer = createRateLimiter(budgets.bearerFailuresPerIp, now);
  const loginIp = createRateLimiter(budgets.loginFailuresPerIp, now);
  const loginAccount = createRateLimiter(budgets.loginFailuresPerAccount, now);
  const refusal = (v: Verdict, message: (wait: string) => string): Refusal | null =>
    v.ok ? null : { message: message(inSeconds(v.retryAfterMs)), retryAfterMs: v.retryAfterMs };
  const accountKey = (username: string) => username.trim().toLowerCase();

  return {
    /** One intake request of `caller` (policy.ts callerId). */
    admitIntake(caller: string): Refusal | null {
      return refusal(intake.take(caller), (wait) =>
        `This caller has used its intake budget (${budgets.intake.perMinute} requests a minute, ${budgets.intake.burst} at once: tickets and module event batches alike); try again in ${wait}.`);
    },

    /** Before a Bearer token is looked up; `settle` afterwards tells whether it matched. */
    admitBearer(ip: string): Refusal | null {
      return refusal(bearer.take(ip), (wait) => `Too many requests with an unknown Bearer token from this address; try again in ${wait}.`);
    },
    settleBearer(ip: string, matched: boolean): void {
      if (matched) bearer.refund(ip);
    },

    /** Before a password is checked: the address's and the account's budgets of failures. */
    admitLogin(ip: string, username: string): Refusal | null {
      const byIp = refusal(loginIp.take(ip), (wait) => `Too many failed logins from this address; try again in ${wait}.`);
      if (byIp) return byIp;
      const byAccount = refusal(loginAccount.take(accountKey(username)), (wait) => `Too many failed logins for this username; try again in ${wait}.`);
      if (byAccount) loginIp.refund(ip);
      return byAccount;
    },
    /** A successful login costs nothing. */
    settleLogin(ip: string, username: string, ok: boolean): void {
      if (!ok) return;
      loginIp.refund(ip);
      loginAccount.refund(accountKey(username));
    },
  };
}
export type Door = ReturnType<typeof createDoor>;
