import type { TSchema } from 'typebox';
import { Check } from 'typebox/schema';
import type { ScopeDelta, ScopeSnapshot, TicketUpsert } from '../../shared/events.js';
import { ScopeChildSchema } from '../../shared/schemas/drill.js';
import { CellMeasuresSchema, SummarySchema, SuperviseCountsSchema, type Summary } from '../../shared/schemas/summary.js';
import { PublicTicketSchema, type PublicTicket } from '../../shared/schemas/ticket.js';

/**
 * What arrives over the socket is checked against the same TypeBox schemas the server's routes answer with (shared/
 * schemas). A malformed event is dropped with a warning instead of taking a panel, or the wall, down; a snapshot keeps
 * its summary when only a side section is wrong.
 *
 * TypeBox's interpreter (typebox/schema Check), not its compiler: the wall's CSP has no 'unsafe-eval', so in the
 * browser Compile cannot generate code and falls back to this same interpreter, while its code generator would add
 * ~8 kB gzip to the entry chunk for nothing (Compile from typebox/compile, with the Value helpers, ~12 kB).
 */
type Obj = Record<string, unknown>;
type Check = (x: unknown) => boolean;

const checkOf = (schema: TSchema): Check => (x) => Check(schema, x);
const checkSupervise = checkOf(SuperviseCountsSchema);
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The sections a delta's patch may carry, each checked if present. */
const SECTION_CHECKS: Record<keyof ScopeDelta['patch'], Check> = {
  clock: checkOf(SummarySchema.properties.clock),
  tickets: checkOf(SummarySchema.properties.tickets),
  kpi: checkOf(SummarySchema.properties.kpi),
  series: checkOf(SummarySchema.properties.series),
  modules: checkOf(SummarySchema.properties.modules),
  /** 督办 colour counts: optional (a server without them leaves the section out). */
  supervise: (x) => x === undefined || checkSupervise(x),
};
// TypeBox's Number and Integer refuse NaN and Infinity too: a chart fed one would draw nothing.
export const isSummary = checkOf(SummarySchema) as (x: unknown) => x is Summary;
const isCells = checkOf(CellMeasuresSchema);
const isChild = checkOf(ScopeChildSchema);
const isChildren = (x: unknown): boolean => Array.isArray(x) && x.every(isChild);
export const isTicket = checkOf(PublicTicketSchema) as (x: unknown) => x is PublicTicket;

/** Returns why a delta is unusable, or null when it is right. */
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

/** The usable tickets of an upsert (a bad one is dropped, the rest kept), or null when the event itself is unusable. */
export function ticketsOfUpsert(x: unknown): { upsert: TicketUpsert; dropped: number } | null {
  if (!isObj(x) || typeof x.scope !== 'string' || !Array.isArray(x.tickets)) return null;
  const tickets = x.tickets.filter(isTicket);
  const dropped = typeof x.dropped === 'number' && Number.isInteger(x.dropped) && x.dropped >= 0 ? x.dropped : 0;
  return { upsert: { scope: x.scope, tickets, dropped }, dropped: x.tickets.length - tickets.length };
}
