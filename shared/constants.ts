/**
 * The contract's enumerations and limits. Imported by server, client and fixtures; imports nothing.
 * Units are in the names (…_MS, …_M).
 */

export const DISTRICT_CODE = '321171' as const;
export const TIME_ZONE = 'Asia/Shanghai' as const;
/** 2023-01-01 00:00 in Asia/Shanghai (UTC+8, no DST). */
export const REPLAY_YEAR_START_MS = Date.UTC(2022, 11, 31, 16, 0, 0);
/** 2024-01-01 00:00 in Asia/Shanghai. */
export const REPLAY_YEAR_END_MS = Date.UTC(2023, 11, 31, 16, 0, 0);
/** Where a fresh demo opens: Tuesday 17 October 2023, 09:30 in 镇江 — a busy weekday morning with the year so far on the wall. */
export const DEMO_DEFAULT_START_MS = Date.parse('2023-10-17T09:30:00+08:00');
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export const HOUR_MS = 3600_000;
export const DAY_MS = 24 * HOUR_MS;

export const TIERS = [1, 2, 3] as const;
export type Tier = (typeof TIERS)[number];

/** Every status a ticket can be in. See lifecycle.ts for the transitions. */
export const TICKET_STATUSES = [
  'reported', // 上报
  'accepted', // 受理
  'dispatched', // 派遣
  'in_progress', // 处置
  'handled', // 办结反馈
  'returned', // 回退, waiting for re-dispatch
  'closed', // 核查结案
  'evaluated', // 回访
  'rejected', // 不予受理
  'merged', // 合并 as a duplicate
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'handled',
  'returned',
];
/** Closed in the KPI sense: verified and closed (evaluation may follow). */
export const SOLVED_STATUSES: readonly TicketStatus[] = ['closed', 'evaluated'];

export const TICKET_ACTIONS = [
  'accept',
  'reject',
  'dispatch',
  'return',
  'start',
  'escalate',
  'handle',
  'close', // verify-pass
  'rework', // verify-fail
  'evaluate',
  'merge',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export const CHANNELS = [
  'mini_program',
  'central_household',
  'info_officer',
  'resident',
  'grid_patrol',
  'hotline_12345',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const REPORTER_ROLES = ['resident', 'central_household', 'info_officer', 'grid_member', 'staff'] as const;
export type ReporterRole = (typeof REPORTER_ROLES)[number];

export const SCOPE_LEVELS = ['district', 'town', 'village', 'grid'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

export const STAFF_ROLES = ['grid_member', 'central_household', 'info_officer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const MODES = ['demo', 'live'] as const;
export type Mode = (typeof MODES)[number];

/** The broadcaster emits at most one delta per room per window. */
export const COALESCE_WINDOW_MS = 250;
export const POSSIBLE_DUPLICATE_RADIUS_M = 250;
export const HOURLY_SERIES_LENGTH = 24;
export const DAILY_SERIES_LENGTH = 30;
export const TICKET_LIST_MAX_LIMIT = 200;
export const MAX_BODY_BYTES = 64 * 1024;
/** The largest Socket.IO message the server reads (Socket.IO's maxHttpBufferSize); a bigger one closes that connection. */
export const SOCKET_MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * The fastest replay, in virtual seconds per real second (the year in about 32 s), for MOSHAO_REPLAY_SPEED and every
 * replay command; 0 is allowed besides and means "as fast as the machine goes".
 */
export const REPLAY_SPEED_MAX = 1_000_000;
/** The longest page path + query a wall reports in its health (longer ones are cut by the wall). */
export const SCREEN_URL_MAX_CHARS = 300;
export const TICKET_UPSERT_MAX_PER_FLUSH = 50;
/** The newest public tickets a scope snapshot carries: the wall's ticket board fills from them. */
export const BOARD_INITIAL_TICKETS = 30;

/** Cookie that carries the session id (the server stores only its SHA-256). */
export const SESSION_COOKIE = 'moshao_session' as const;
/** Header that must echo Me.csrfToken on every cookie-authenticated write. */
export const CSRF_HEADER = 'x-csrf-token' as const;
