import { DAY_MS, HOUR_MS, SHANGHAI_OFFSET_MS, type TicketStatus } from '../../../shared/constants.js';

/**
 * 督办 levels, lowest first. blue 临期 (most of the time to the closing deadline used), yellow 未及时签收 (the response
 * deadline passed while still only reported), red 超期 (the closing deadline passed), escalated 已升级 (escalated, the
 * new closing deadline still ahead).
 */
export const SUPERVISE_LEVELS = ['blue', 'yellow', 'red', 'escalated'] as const;
export type SuperviseLevel = (typeof SUPERVISE_LEVELS)[number];
/** The three colours the wall and GET /api/supervise count. */
export const SUPERVISE_COLOURS = ['red', 'yellow', 'blue'] as const;
export type SuperviseColour = (typeof SUPERVISE_COLOURS)[number];

/** Who hears a level: the handling unit's group, its town's, the district's. */
export const AUDIENCES = ['unit', 'town', 'district'] as const;
export type Audience = (typeof AUDIENCES)[number];

export interface LevelRule {
  audience: readonly Audience[];
  /** How often the notice repeats while the level lasts; null: once. */
  repeatEveryMs: number | null;
  /** Repeats wait for working hours (08:30-17:30 Asia/Shanghai, Monday to Friday); the first notice never waits. */
  repeatInWorkingHours: boolean;
}

export interface SuperviseRules {
  /** blue holds once this share of the time from filing (or the last escalation) to the closing deadline has passed. */
  blueShare: number;
  levels: Readonly<Record<SuperviseLevel, LevelRule>>;
}

/** The one rule table. */
export const DEFAULT_RULES: SuperviseRules = {
  blueShare: 0.8,
  levels: {
    blue: { audience: ['unit'], repeatEveryMs: null, repeatInWorkingHours: true },
    yellow: { audience: ['unit', 'town'], repeatEveryMs: null, repeatInWorkingHours: true },
    red: { audience: ['unit', 'town', 'district'], repeatEveryMs: 4 * HOUR_MS, repeatInWorkingHours: true },
    escalated: { audience: ['unit', 'town', 'district'], repeatEveryMs: null, repeatInWorkingHours: false },
  },
};

/** What the rules read of a ticket. `closeFrom`: when its closing clock started (filing, or the last escalation). */
export interface SupervisedTicket {
  id: number;
  gridId: string;
  status: TicketStatus;
  handlingUnit: string;
  reportedAt: number;
  responseDueAt: number;
  closeDueAt: number;
  closeFrom: number;
  escalations: number;
}

/** Handled, closed or evaluated (solved), merged or rejected: nothing more is said of it. */
const STOPPED: ReadonlySet<TicketStatus> = new Set(['handled', 'closed', 'evaluated', 'merged', 'rejected']);

export const rank = (level: SuperviseLevel): number => SUPERVISE_LEVELS.indexOf(level);

/** The instant blue begins. */
export function blueAt(t: SupervisedTicket, rules: SuperviseRules): number {
  return t.closeFrom + Math.ceil(rules.blueShare * (t.closeDueAt - t.closeFrom));
}

/** The level that holds at `now` (the highest whose condition holds), with the instant it began; null: none. */
export function levelAt(t: SupervisedTicket, now: number, rules: SuperviseRules = DEFAULT_RULES): { level: SuperviseLevel; since: number } | null {
  if (STOPPED.has(t.status)) return null;
  if (t.escalations > 0 && now <= t.closeDueAt) return { level: 'escalated', since: t.closeFrom };
  if (now > t.closeDueAt) return { level: 'red', since: t.closeDueAt };
  if (t.status === 'reported' && now > t.responseDueAt) return { level: 'yellow', since: t.responseDueAt };
  const blue = blueAt(t, rules);
  if (now >= blue) return { level: 'blue', since: blue };
  return null;
}

const WORK_START_MS = 8.5 * HOUR_MS;
const WORK_END_MS = 17.5 * HOUR_MS;

/** The first instant at or after `at` inside working hours (08:30-17:30 Asia/Shanghai, Monday to Friday). */
export function nextWorkingInstant(at: number): number {
  let local = at + SHANGHAI_OFFSET_MS;
  for (let i = 0; i < 8; i++) {
    const day = Math.floor(local / DAY_MS) * DAY_MS;
    const weekday = new Date(day).getUTCDay(); // the local calendar day, read as UTC
    const inDay = local - day;
    if (weekday !== 0 && weekday !== 6 && inDay < WORK_END_MS) return Math.max(local, day + WORK_START_MS) - SHANGHAI_OFFSET_MS;
    local = day + DAY_MS;
  }
  throw new Error('unreachable: a working day within a week');
}

/** A notice: which level, which deadline period (`cycle` = escalations so far), which repeat (`round`, 0 first). */
export interface Notice {
  level: SuperviseLevel;
  cycle: number;
  round: number;
  /** The instant this notice became due. */
  at: number;
}

/** The repeat instants of a level that began at `since`, up to `now`: the last one's index and instant, and the next. */
function repeatsUntil(since: number, now: number, rule: LevelRule): { round: number; at: number; next: number | null } {
  if (rule.repeatEveryMs === null) return { round: 0, at: since, next: null };
  const step = (prev: number) => (rule.repeatInWorkingHours ? nextWorkingInstant(prev + rule.repeatEveryMs!) : prev + rule.repeatEveryMs!);
  let round = 0;
  let at = since;
  let next = step(at);
  while (next <= now) {
    round += 1;
    at = next;
    next = step(at);
  }
  return { round, at, next };
}

/** The notice that holds at `now`: the current level's latest repeat. A higher level silences the lower one. Pure. */
export function noticeAt(t: SupervisedTicket, now: number, rules: SuperviseRules = DEFAULT_RULES): Notice | null {
  const held = levelAt(t, now, rules);
  if (!held) return null;
  const r = repeatsUntil(held.since, now, rules.levels[held.level]);
  return { level: held.level, cycle: t.escalations, round: r.round, at: r.at };
}

/** The next instant after `now` at which noticeAt(t, ·) changes by the clock alone, or null: the index's heap key. */
export function nextChangeAt(t: SupervisedTicket, now: number, rules: SuperviseRules = DEFAULT_RULES): number | null {
  if (STOPPED.has(t.status)) return null;
  let next: number | null = null;
  const consider = (at: number) => {
    if (at > now && (next === null || at < next)) next = at;
  };
  // Level boundaries: levelAt uses `now > deadline` (strict), so the change is one millisecond after the deadline.
  consider(t.closeDueAt + 1);
  if (t.status === 'reported') consider(t.responseDueAt + 1);
  consider(blueAt(t, rules));
  const held = levelAt(t, now, rules);
  if (held) {
    const r = repeatsUntil(held.since, now, rules.levels[held.level]);
    if (r.next !== null) consider(r.next);
  }
  return next;
}

/** Whether a subscription's audience hears a level. */
export function hears(rules: SuperviseRules, level: SuperviseLevel, audience: Audience): boolean {
  return rules.levels[level].audience.includes(audience);
}
