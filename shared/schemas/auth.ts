/**
 * Accounts, sessions, intake tokens and the audit log: the contract of the supervisors' side.
 *
 * Endpoints (errors are always { error, message, field? }: 401 no or bad credentials, 403 wrong role, out of scope or a
 * missing/wrong CSRF token, 429 `rate_limited` with Retry-After: too many failed logins or unknown Bearer tokens from
 * an address, too many failed logins for a username, or an intake caller over its budget):
 *
 *   POST   /api/auth/login              LoginBody -> 200 Me, sets the session cookie and the device cookie. No CSRF
 *                                       needed. Failed logins are limited per device cookie, or without one per IP,
 *                                       per (username, IP) and per username (successful ones are free), then 429.
 *   POST   /api/auth/logout             -> 204, deletes the session and clears the cookie (CSRF header when logged in).
 *   GET    /api/auth/me                 -> 200 Me (with a fresh csrfToken) | 401.
 *
 *   GET    /api/drill/grid/:id          viewer+ in scope -> GridPage (shared/schemas/drill.ts); personal data masked.
 *   GET    /api/drill/tickets/:id       viewer+ in scope -> TicketPage (adds the cell's names and the actions the
 *                                       caller may take now; GET /api/tickets/:id stays public and has no personal data).
 *   GET    /api/scopes/:id/children     public -> ScopeChildren: the children of a scope with their headline numbers
 *                                       (aggregates only), for ranking on the drill pages.
 *   POST   /api/tickets                 intake token, or admin/district/town supervisor (town: only inside its town).
 *                                       120 a minute per caller (60 at once), then 429. An Idempotency-Key belongs to
 *                                       its caller; reused with another body it is a 422.
 *   POST   /api/tickets/:id/transitions admin, district, or town supervisor of the ticket's town (and of a merge's
 *                                       duplicateOf: 403 with field). Tokens get 403.
 *   POST   /api/replay                  admin or district (demo mode). The wall's socket 'replay:command' is open to
 *                                       any wall unless MOSHAO_DEMO_CONTROLS=supervisors (then admin or district).
 *   POST   /api/screens/:id/reload      admin or district.
 *
 *   GET    /api/admin/accounts          admin -> { items: Account[] }
 *   POST   /api/admin/accounts          admin, NewAccountBody -> 201 Account (400 weak_password: too short, common,
 *                                       or containing the username; the same for a new password in PATCH)
 *   PATCH  /api/admin/accounts/:id      admin, AccountPatchBody -> 200 Account (disabling ends its sessions)
 *   GET    /api/admin/intake-tokens     admin -> { items: IntakeToken[] }
 *   POST   /api/admin/intake-tokens     admin, NewIntakeTokenBody -> 201 CreatedIntakeToken (the secret, shown once)
 *   DELETE /api/admin/intake-tokens/:id admin -> 200 IntakeToken (revoked)
 *   GET    /api/audit?cursor=&limit=&action=   admin -> AuditPage, newest first
 *
 * Session: cookie `moshao_session` (httpOnly, SameSite=Strict, Path=/, Secure over https), a fixed 8 h from login (not
 * sliding: log in again after it ends). Cookie-authenticated POST/PUT/PATCH/DELETE must send the `x-csrf-token` header
 * with Me.csrfToken; requests with `Authorization: Bearer <intake token>` are not cookie-authenticated and need none.
 */
import Type, { type Static } from 'typebox';
import { Nullable } from './common.js';
import { TOWN_CODE_PATTERN } from '../scope.js';

// In constants.ts, which imports nothing: the phone app's bundle reads the header's name without the schema library.
export { CSRF_HEADER, SESSION_COOKIE } from '../constants.js';
/** Sessions end this long after login, whatever happens in between. */
export const SESSION_TTL_MS = 8 * 3600_000;

export const ROLES = ['admin', 'district', 'town', 'viewer', 'reporter'] as const;
/**
 * admin: everything, manages accounts and intake tokens. district: supervisor of every scope. town: supervisor of one
 * town (townCode) and everything below it. viewer: read-only drill-down of every scope, masked personal data only.
 * reporter: a 信息员 or 中心户 of the world's staff, bound to their staff row and its grid cell; files reports and
 * rounds from the phone app (/m) and reads their own tickets, nothing of the drill-down. Reporters come only from
 * invitations (POST /api/reporters/invitations), never from the admin's account form.
 */
export type Role = (typeof ROLES)[number];
export const RoleSchema = Type.Enum(ROLES);
/** The roles an admin gives by hand: every role but reporter. */
export const SUPERVISOR_ROLES = ['admin', 'district', 'town', 'viewer'] as const;
export const SupervisorRoleSchema = Type.Enum(SUPERVISOR_ROLES);
/** The staff roles that may hold a reporter account. */
export const REPORTER_STAFF_ROLES = ['info_officer', 'central_household'] as const;
export type ReporterStaffRole = (typeof REPORTER_STAFF_ROLES)[number];

const Username = Type.String({ pattern: '^[a-z0-9_.-]{3,32}$', description: 'lower-case letters, digits, _ . -; 3-32' });
const Password = Type.String({ minLength: 10, maxLength: 200 });
const TownCode = Type.String({ pattern: TOWN_CODE_PATTERN });

/** Body of POST /api/auth/login. */
export const LoginBodySchema = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBodySchema>;

/** The logged-in account as the client sees it. */
export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: RoleSchema,
  /** The town a `town` supervisor is limited to; null for every other role. */
  townCode: Type.Union([TownCode, Type.Null()]),
  /** Name of that town (e.g. 丁卯街道), for display. */
  townName: Nullable(Type.String()),
});
export type User = Static<typeof UserSchema>;

/** Who a reporter account reports as: its staff row, its grid cell and the cell's village (no name, no phone). */
export const ReporterInfoSchema = Type.Object({
  staffId: Type.String(),
  staffRole: Type.Enum(REPORTER_STAFF_ROLES),
  gridId: Type.String(),
  gridName: Type.String(),
  villageCode: Type.String(),
  villageName: Type.String(),
});
export type ReporterInfo = Static<typeof ReporterInfoSchema>;

/** Answer of login and GET /api/auth/me. */
export const MeSchema = Type.Object({
  user: UserSchema,
  /** Send back in the x-csrf-token header on cookie-authenticated writes. Stable for the session. */
  csrfToken: Type.String(),
  /** When the session ends (epoch ms). */
  expiresAt: Type.Number(),
  /** Present only for a reporter account. */
  reporter: Type.Optional(ReporterInfoSchema),
});
export type Me = Static<typeof MeSchema>;

/** An account as the admin manages it (never its password hash). */
export const AccountSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: RoleSchema,
  townCode: Nullable(Type.String()),
  /** The staff row a reporter account is bound to; absent for every other role. */
  staffId: Type.Optional(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Type.Number(),
  lastLoginAt: Nullable(Type.Number()),
});
export type Account = Static<typeof AccountSchema>;

/** Body of POST /api/admin/accounts. townCode is required for role `town` and refused for the others. */
export const NewAccountBodySchema = Type.Object(
  { username: Username, password: Password, role: SupervisorRoleSchema, townCode: Type.Optional(TownCode) },
  { additionalProperties: false },
);
export type NewAccountBody = Static<typeof NewAccountBodySchema>;

/** Body of PATCH /api/admin/accounts/:id: any subset. A new password or disabling ends the account's sessions. */
export const AccountPatchBodySchema = Type.Object(
  {
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
    role: Type.Optional(SupervisorRoleSchema),
    townCode: Type.Optional(Type.Union([TownCode, Type.Null()])),
  },
  { additionalProperties: false },
);
export type AccountPatchBody = Static<typeof AccountPatchBodySchema>;

/** An intake token (Bearer credential of the mini program): it may only create tickets. Only its hash is stored. */
export const IntakeTokenSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The first characters of the secret, to tell tokens apart. */
  prefix: Type.String(),
  createdAt: Type.Number(),
  revokedAt: Nullable(Type.Number()),
  lastUsedAt: Nullable(Type.Number()),
});
export type IntakeToken = Static<typeof IntakeTokenSchema>;

export const NewIntakeTokenBodySchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);
export type NewIntakeTokenBody = Static<typeof NewIntakeTokenBodySchema>;

/** Answer of POST /api/admin/intake-tokens: the secret appears here once and never again. */
export const CreatedIntakeTokenSchema = Type.Object({ token: IntakeTokenSchema, secret: Type.String() });
export type CreatedIntakeToken = Static<typeof CreatedIntakeTokenSchema>;

export const AUDIT_ACTIONS = [
  'login.success', 'login.failure', 'logout',
  /** A failed login that emptied one of the login limits (detail.limit: address, username-address, username, device). */
  'login.lockout',
  /** A Bearer token that matches no intake token; detail.reason, never the token. */
  'auth.bearer_failed',
  'account.create', 'account.update',
  'token.create', 'token.revoke',
  'ticket.create', 'ticket.transition',
  /** A reporter invitation issued (detail: staffId, expiresAt; never the code) and one used (detail: staffId). */
  'reporter.invite', 'reporter.activate',
  /** A central household's rounds of a day (detail: date, items, faults). */
  'rounds.record',
  /** A supervisor read a ticket's original words (POST /api/tickets/:id/reveal); detail.reason, never the words. */
  'ticket.reveal',
  'replay.command', 'screen.reload',
  /** 督办 notices: a subscription changed, a digest sent or failed (ids and outcome only), an admin's retry. */
  'notify.subscription.create', 'notify.subscription.update', 'notify.subscription.delete', 'notify.send', 'notify.retry',
  /** Downloads: the report workbook (detail: scope, from, to) and the ticket list as CSV (detail: the filters). */
  'report.download', 'tickets.download',
  /** The reports' score weights changed (detail: before and after). */
  'report.weights',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One audit entry: who, what, when, from where. */
export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  /** Wall-clock epoch ms (not the replay clock). */
  at: Type.Number(),
  actorKind: Type.Union([Type.Literal('account'), Type.Literal('token'), Type.Literal('anonymous')]),
  /** Account id, token id ('configured' for MOSHAO_INTAKE_TOKEN), or null. */
  actorId: Nullable(Type.String()),
  /** Username or token name; for a failed login the username tried. */
  actorName: Type.String(),
  action: Type.Enum(AUDIT_ACTIONS),
  /** What was acted on, e.g. 'ticket:42', 'account:3', 'token:2'. */
  target: Type.String(),
  /** Action details, e.g. { action: 'accept', from: 'reported', to: 'accepted', note } or { reason }. */
  detail: Type.Record(Type.String(), Type.Unknown()),
  ip: Type.String(),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

export const AuditQuerySchema = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^\\d+$', maxLength: 12 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  action: Type.Optional(Type.Enum(AUDIT_ACTIONS)),
});
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** GET /api/audit: newest first; pass nextCursor as cursor for the next page. */
export const AuditPageSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  nextCursor: Nullable(Type.String()),
});
export type AuditPage = Static<typeof AuditPageSchema>;

/** GET /api/admin/accounts. */
export const AccountListSchema = Type.Object({ items: Type.Array(AccountSchema) });
/** GET /api/admin/intake-tokens. */
export const IntakeTokenListSchema = Type.Object({ items: Type.Array(IntakeTokenSchema) });
