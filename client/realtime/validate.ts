import type { ScopeDelta, ScopeSnapshot, TicketUpsert } from '../../shared/events.js';
import type { Summary } from '../../shared/schemas/summary.js';
import type { PublicTicket } from '../../shared/schemas/ticket.js';

/**
 * Light checks on what arrives over the socket. Not a full schema validation (that costs on every delta at max replay
 * speed): just enough that a malformed event is dropped with a warning instead of taking a panel, or the wall, down.
 */
type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isCountMap = (x: unknown): boolean => isObj(x) && Object.values(x).every(isNum);
const isRate = (x: unknown): boolean => x === null || isNum(x);

function isTickets(x: unknown): boolean {
  return (
    isObj(x) &&
    ['total', 'open', 'overdue', 'urgentSolved', 'today'].every((k) => isNum(x[k])) &&
    ['byTier', 'byCategory', 'byChannel'].every((k) => isCountMap(x[k]))
  );
}

function isKpi(x: unknown): boolean {
  return isObj(x) && ['responseRate', 'onTimeRate', 'satisfactionRate'].every((k) => isRate(x[k]));
}

function isSeries(x: unknown): boolean {
  const points = (p: unknown) => Array.isArray(p) && p.every((q) => isObj(q) && isNum(q.t) && isNum(q.reported) && isNum(q.closed));
  return isObj(x) && points(x.hourly) && points(x.daily);
}

function isModules(x: unknown): boolean {
  return isObj(x) && ['people', 'vehicles', 'houses', 'things', 'activity'].every((k) => isObj(x[k]));
}

const isMeasure = (x: unknown): boolean => isObj(x) && isNum(x.open) && isNum(x.overdue) && isNum(x.total);
const isCells = (x: unknown): boolean => isObj(x) && Object.values(x).every(isMeasure);

/** A child of the scope as the ranking reads it (the numbers it sorts by). */
function isChild(x: unknown): boolean {
  return (
    isObj(x) &&
    typeof x.id === 'string' &&
    typeof x.name === 'string' &&
    isObj(x.tickets) &&
    ['total', 'open', 'overdue'].every((k) => isNum((x.tickets as Obj)[k])) &&
    isObj(x.kpi) &&
    ['onTimeRate', 'satisfactionRate'].every((k) => isRate((x.kpi as Obj)[k]))
  );
}
const isChildren = (x: unknown): boolean => Array.isArray(x) && x.every(isChild);

/** The sections a delta's patch may carry, each checked if present. */
const SECTION_CHECKS: Record<keyof ScopeDelta['patch'], (x: unknown) => boolean> = {
  clock: isNum,
  tickets: isTickets,
  kpi: isKpi,
  series: isSeries,
  modules: isModules,
};

export function isSummary(x: unknown): x is Summary {
  return (
    isObj(x) &&
    isObj(x.scope) &&
    typeof x.scope.id === 'string' &&
    isObj(x.counts) &&
    (Object.keys(SECTION_CHECKS) as (keyof typeof SECTION_CHECKS)[]).every((k) => SECTION_CHECKS[k](x[k]))
  );
}

/** Returns why a delta is unusable, or null when it looks right. */
export function deltaProblem(x: unknown): string | null {
  if (!isObj(x)) return 'not an object';
  if (typeof x.scope !== 'string') return 'no scope';
  if (!Number.isInteger(x.seq)) return 'no integer seq';
  if (!isObj(x.patch)) return 'no patch';
  for (const [key, value] of Object.entries(x.patch)) {
    const check = SECTION_CHECKS[key as keyof typeof SECTION_CHECKS];
    if (!check) return `unknown section "${key}"`;
    if (!check(value)) return `malformed section "${key}"`;
  }
  if (x.cells !== undefined && !isCells(x.cells)) return 'malformed cells';
  if (x.children !== undefined && !isChildren(x.children)) return 'malformed children';
  return null;
}

/** A snapshot's seq and summary look right (what the drill's feed needs; the wall also reads snapshotOf). */
export function isSnapshot(x: unknown): x is Pick<ScopeSnapshot, 'seq' | 'summary'> {
  return isObj(x) && Number.isInteger(x.seq) && isSummary(x.summary);
}

/**
 * The usable snapshot, or null when its seq or summary is unusable. A malformed cells, children or board section is
 * dropped (left empty, named in `problems`), and a malformed board ticket left out: the summary still shows.
 */
export function snapshotOf(x: unknown): { snapshot: ScopeSnapshot; problems: string[] } | null {
  if (!isSnapshot(x)) return null;
  const raw = x as unknown as Obj;
  const problems: string[] = [];
  const cells = isCells(raw.cells) ? (raw.cells as ScopeSnapshot['cells']) : (problems.push('cells'), {});
  const children = isChildren(raw.children) ? (raw.children as ScopeSnapshot['children']) : (problems.push('children'), []);
  const board = Array.isArray(raw.board) ? raw.board.filter(isTicket) : [];
  if (!Array.isArray(raw.board) || board.length !== raw.board.length) problems.push('board');
  return { snapshot: { seq: x.seq, summary: x.summary, cells, children, board }, problems };
}

export function isTicket(x: unknown): x is PublicTicket {
  return (
    isObj(x) &&
    Number.isInteger(x.id) &&
    typeof x.gridId === 'string' &&
    typeof x.category === 'string' &&
    typeof x.status === 'string' &&
    (x.tier === 1 || x.tier === 2 || x.tier === 3) &&
    isNum(x.lng) &&
    isNum(x.lat) &&
    isNum(x.reportedAt)
  );
}

/** The usable tickets of an upsert (a bad one is dropped, the rest kept), or null when the event itself is unusable. */
export function ticketsOfUpsert(x: unknown): { upsert: TicketUpsert; dropped: number } | null {
  if (!isObj(x) || typeof x.scope !== 'string' || !Array.isArray(x.tickets)) return null;
  const tickets = x.tickets.filter(isTicket);
  return { upsert: { scope: x.scope, tickets, dropped: isNum(x.dropped) ? x.dropped : 0 }, dropped: x.tickets.length - tickets.length };
}
