import { createRateLimiter, type Budget, type RateLimiter, type Verdict } from './rate-limiter.js';

/**
 * The budgets at the door. Intake counts every request of a caller; the others count only failures (a request takes a
 * token first and gets it back when it succeeds).
 *
 * Logins follow OWASP's device cookies ("Slow Down Online Guessing Attacks with Device Cookies"): a browser that has
 * logged in as a user carries a signed device cookie for that user (device-cookies.ts) and is limited only by its
 * own budget, so an attacker elsewhere cannot lock the owner out. Every other client is untrusted: limited per
 * address, per (username, address), and all together per username. The last is what stops a botnet guessing one
 * account; it refills one try a second, so it slows the owner on a new browser by at most a second per try instead of
 * locking the account.
 */
export interface DoorBudgets {
  /** POST /api/tickets and POST /api/modules/events per caller (intake token or account): 120 a minute, 60 at once. */
  intake: Budget;
  /** Requests with a Bearer token that matches nothing, per IP (a valid token is never counted nor refused). */
  bearerFailuresPerIp: Budget;
  /** Failed untrusted logins per IP, whatever the username: stops spraying one password over many accounts. */
  loginFailuresPerIp: Budget;
  /** Failed untrusted logins per (username, IP): one address guessing one account. */
  loginFailuresPerUserAndIp: Budget;
  /**
   * Failed untrusted logins per username from every address together: a botnet guessing one account. Refills one a
   * second, so a refusal's Retry-After is at most 1 s: it slows, it never locks.
   */
  loginFailuresPerUser: Budget;
  /** Failed logins per device cookie: a stolen or guessing browser locks only itself out. */
  loginFailuresPerDevice: Budget;
  /** Reporter activations (POST /api/reporters/activate) per IP, every attempt: codes are short, guesses must be few. */
  activationsPerIp: Budget;
  /**
   * Residents' reports without an account (POST /api/public/reports) per IP: a few at once from one phone or one
   * shared Wi-Fi, then one every two minutes.
   */
  residentReportsPerIp: Budget;
}

export const DOOR_BUDGETS: DoorBudgets = {
  intake: { perMinute: 120, burst: 60 },
  bearerFailuresPerIp: { perMinute: 5, burst: 10 },
  loginFailuresPerIp: { perMinute: 5, burst: 20 },
  loginFailuresPerUserAndIp: { perMinute: 1, burst: 5 },
  loginFailuresPerUser: { perMinute: 60, burst: 10 },
  loginFailuresPerDevice: { perMinute: 1, burst: 5 },
  activationsPerIp: { perMinute: 2, burst: 10 },
  residentReportsPerIp: { perMinute: 0.5, burst: 10 },
};

/** A limit that refused: what to tell the caller and when to come back. */
export interface Refusal {
  message: string;
  retryAfterMs: number;
}

/** Which limit a login hit or emptied (audited as login.lockout's detail.limit). */
export type LoginLimit = 'address' | 'username-address' | 'username' | 'device';

/**
 * One login attempt as the door sees it: the username already normalised (usernames.ts), and the nonce of a device
 * cookie that is valid for that username, if the browser sent one.
 */
export interface LoginAttempt {
  ip: string;
  username: string;
  device: string | null;
}

/** The charges a login attempt holds until its outcome is known. */
interface Charge {
  limiter: RateLimiter;
  key: string;
  limit: LoginLimit;
}

const inSeconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

export function createDoor(budgets: DoorBudgets, now: () => number) {
  const intake = createRateLimiter(budgets.intake, now);
  const bearer = createRateLimiter(budgets.bearerFailuresPerIp, now);
  const loginIp = createRateLimiter(budgets.loginFailuresPerIp, now);
  const loginPair = createRateLimiter(budgets.loginFailuresPerUserAndIp, now);
  const loginUser = createRateLimiter(budgets.loginFailuresPerUser, now);
  const loginDevice = createRateLimiter(budgets.loginFailuresPerDevice, now);
  const activations = createRateLimiter(budgets.activationsPerIp, now);
  const residents = createRateLimiter(budgets.residentReportsPerIp, now);
  const refusal = (v: Verdict, message: (wait: string) => string): Refusal | null =>
    v.ok ? null : { message: message(inSeconds(v.retryAfterMs)), retryAfterMs: v.retryAfterMs };

  const LOGIN_MESSAGES: Record<LoginLimit, (wait: string) => string> = {
    address: (wait) => `Too many failed logins from this address; try again in ${wait}.`,
    'username-address': (wait) => `Too many failed logins for this username from this address; try again in ${wait}.`,
    username: (wait) =>
      `This username is being tried from many places, so logins from browsers it has not used before are slowed; try again in ${wait} (a browser that has logged in as this user before is not slowed).`,
    device: (wait) => `Too many failed logins from this browser; try again in ${wait}.`,
  };

  /** The buckets an attempt is charged to: a trusted browser's own, or the untrusted client's three. */
  const chargesOf = (a: LoginAttempt): Charge[] =>
    a.device !== null
      ? [{ limiter: loginDevice, key: a.device, limit: 'device' }]
      : [
        { limiter: loginIp, key: a.ip, limit: 'address' },
        { limiter: loginPair, key: `${a.username}\n${a.ip}`, limit: 'username-address' },
        { limiter: loginUser, key: a.username, limit: 'username' },
      ];

  return {
    /** One intake request of `caller` (policy.ts callerId). */
    admitIntake(caller: string): Refusal | null {
      return refusal(intake.take(caller), (wait) =>
        `This caller has used its intake budget (${budgets.intake.perMinute} requests a minute, ${budgets.intake.burst} at once: tickets and module event batches alike); try again in ${wait}.`);
    },

    /** One reporter activation attempt from `ip`, right or wrong. */
    admitActivation(ip: string): Refusal | null {
      return refusal(activations.take(ip), (wait) => `Too many activation attempts from this address; try again in ${wait}.`);
    },

    /** One resident's report (or photo) from `ip` without an account. */
    admitResident(ip: string): Refusal | null {
      return refusal(residents.take(ip), (wait) =>
        `This address has sent its share of reports for now (${budgets.residentReportsPerIp.burst} at once, then one every ${Math.round(1 / budgets.residentReportsPerIp.perMinute)} minutes); try again in ${wait}.`);
    },

    /**
     * After a Bearer token was looked up and matched nothing: counts the failure of the address, or refuses when the
     * address has had too many. A valid token never comes here, so it is never refused for others' guesses.
     */
    countUnknownBearer(ip: string): Refusal | null {
      return refusal(bearer.take(ip), (wait) => `Too many requests with an unknown Bearer token from this address; try again in ${wait}.`);
    },

    /**
     * Before a password is checked: takes a token of each budget the attempt falls under, or refuses (and takes none)
     * naming the first limit reached. Tokens are taken before the check so that concurrent guesses cannot all pass
     * before any failure is known; `settleLogin` gives them back when the password was right.
     */
    admitLogin(a: LoginAttempt): (Refusal & { limit: LoginLimit }) | null {
      const taken: Charge[] = [];
      for (const c of chargesOf(a)) {
        const refused = refusal(c.limiter.take(c.key), LOGIN_MESSAGES[c.limit]);
        if (refused) {
          for (const t of taken) t.limiter.refund(t.key);
          return { ...refused, limit: c.limit };
        }
        taken.push(c);
      }
      return null;
    },

    /**
     * A successful login costs nothing. A failure keeps its tokens; the limits it has just emptied are returned, so
     * that the lockout is audited once, when it starts, and not for every refused request after.
     */
    settleLogin(a: LoginAttempt, ok: boolean): LoginLimit[] {
      const charges = chargesOf(a);
      if (ok) {
        for (const c of charges) c.limiter.refund(c.key);
        return [];
      }
      return charges.filter((c) => c.limiter.tokens(c.key) < 1).map((c) => c.limit);
    },
  };
}
export type Door = ReturnType<typeof createDoor>;
