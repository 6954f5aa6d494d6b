import { DISTRICT_CODE } from '../../shared/constants.js';
import type { ReporterStaffRole, Role } from '../../shared/schemas/auth.js';
import { villageOf } from '../../shared/scope.js';

/** Someone logged in with a session cookie. */
export interface AccountPrincipal {
  kind: 'account';
  accountId: number;
  username: string;
  role: Role;
  townCode: string | null;
  /** Only for a reporter: the staff row the account is bound to, and that row's grid cell and role. */
  reporter?: ReporterBinding;
}
/** What binds a reporter account to the world: its staff row, the row's cell and role. */
export interface ReporterBinding {
  staffId: string;
  gridId: string;
  staffRole: ReporterStaffRole;
}
/** An intake client with a Bearer token ('configured' is MOSHAO_INTAKE_TOKEN). */
export interface TokenPrincipal {
  kind: 'token';
  tokenId: string;
  name: string;
}
export type Principal = AccountPrincipal | TokenPrincipal;

/** Who a per-caller record belongs to (an idempotency key, an intake budget): one per token, one per account. */
export function callerId(p: Principal): string {
  return p.kind === 'token' ? `token:${p.tokenId}` : `account:${p.accountId}`;
}

/**
 * Who may do what: the one table of the authorisation rules. Scope rules come on top: a town supervisor acts only
 * inside its town; every other account reaches the whole district.
 */
const GRANTS = {
  /** A reporter files only inside its own cell's village (its reach). */
  'ticket:create': ['token', 'admin', 'district', 'town', 'reporter'],
  'ticket:transition': ['admin', 'district', 'town'],
  /** A ticket's original words, unmasked, with a reason that goes to the audit log (POST /api/tickets/:id/reveal). */
  'ticket:reveal': ['admin', 'district', 'town'],
  /** 人车房物 events from other systems (POST /api/modules/events). */
  'modules:report': ['token'],
  /** Personal data, always masked: the grid cell and ticket pages. */
  'drill:read': ['admin', 'district', 'town', 'viewer'],
  'replay:control': ['admin', 'district'],
  'screen:reload': ['admin', 'district'],
  /** The walls' health reports (GET /api/screens): supervisors, not the public. */
  'screens:read': ['admin', 'district', 'town'],
  'accounts:manage': ['admin'],
  'tokens:manage': ['admin'],
  'audit:read': ['admin'],
  /** The monthly reports (KPIs, workbook) and the ticket list as CSV: accounts only, a town supervisor its town. */
  'reports:read': ['admin', 'district', 'town', 'viewer'],
  /** The weights of the reports' score. */
  'reports:weights': ['admin'],
  /** Invite a 信息员 or 中心户 to the phone app: a town supervisor only for staff of its town. */
  'reporters:invite': ['admin', 'district', 'town'],
  /** A central household's daily rounds (民情记录本); the route also checks the reporter is a 中心户. */
  'rounds:record': ['reporter'],
  /** Who has done today's rounds, per village or town. */
  'rounds:read': ['admin', 'district', 'town'],
  /** A reporter's own tickets (GET /api/me/tickets). */
  'tickets:mine': ['reporter'],
} as const satisfies Record<string, readonly (Role | 'token')[]>;
export type Permission = keyof typeof GRANTS;

export type Decision =
  | { ok: true }
  | { ok: false; status: 401 | 403; code: 'unauthorized' | 'forbidden' | 'out_of_scope'; message: string; field?: string };

/** A scope a request acts on, and the field of the request that names it (a ticket id, a merge's duplicateOf). */
export interface Touched {
  field: string;
  scope: string;
}

/**
 * The widest scope a principal reaches: the district, a town supervisor's town, or a reporter's village (a reporter
 * without its binding reaches nothing: a grid id no scope starts with).
 */
export function reachOf(p: Principal): string {
  if (p.kind === 'account' && p.role === 'reporter') return p.reporter ? villageOf(p.reporter.gridId) : '-';
  return p.kind === 'account' && p.role === 'town' && p.townCode ? p.townCode : DISTRICT_CODE;
}

/** Whether scope id `target` (district, town, village code or grid id) lies inside `reach`. */
export function withinReach(reach: string, target: string): boolean {
  return target.startsWith(reach);
}

/** The decision for one request; `scope` is the scope acted on or read, when there is one. */
export function decide(p: Principal | null, permission: Permission, scope?: string): Decision {
  if (!p) return { ok: false, status: 401, code: 'unauthorized', message: 'Log in (POST /api/auth/login) or send a Bearer token.' };
  const role = p.kind === 'token' ? 'token' : p.role;
  if (!(GRANTS[permission] as readonly string[]).includes(role)) {
    const who = p.kind === 'token' ? 'An intake token' : `The ${p.role} role`;
    return { ok: false, status: 403, code: 'forbidden', message: `${who} may not do this (${permission}).` };
  }
  if (scope !== undefined && !withinReach(reachOf(p), scope)) {
    const yours = p.kind === 'account' && p.role === 'reporter' ? 'village' : 'town';
    return { ok: false, status: 403, code: 'out_of_scope', message: `Scope ${scope} lies outside your ${yours} ${reachOf(p)}.` };
  }
  return { ok: true };
}

/**
 * The decision for a request that acts on several scopes, e.g. a merge touches its ticket and the duplicateOf target:
 * every one must lie within reach, and a refusal names the field that points outside.
 */
export function decideEach(p: Principal | null, permission: Permission, touched: readonly Touched[]): Decision {
  const role = decide(p, permission);
  if (!role.ok) return role;
  for (const t of touched) {
    const d = decide(p, permission, t.scope);
    if (!d.ok) return { ...d, message: `"${t.field}": ${d.message}`, field: t.field };
  }
  return role;
}

/** can(principal, permission, scope?): the boolean form, for showing or hiding what a caller may do. */
export function can(p: Principal | null, permission: Permission, scope?: string): boolean {
  return decide(p, permission, scope).ok;
}
