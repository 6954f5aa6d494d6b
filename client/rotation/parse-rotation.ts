import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf } from '../../shared/scope.js';

/** Seconds a scope stays on the wall when `every` is not given. */
export const ROTATE_DEFAULT_SECONDS = 60;
/** Below this a scope would leave before its panels have settled and anyone has read them. */
export const ROTATE_MIN_SECONDS = 10;

/** What was wrong with the URL's rotation, for the notice (worded in client/i18n). */
export type RotationProblem =
  | { kind: 'empty' }
  | { kind: 'unknownCodes'; codes: string[] }
  /** Well-formed codes that the world has no scope for (found once the outlines are in). */
  | { kind: 'notInWorld'; codes: string[] }
  | { kind: 'tooShort'; value: string }
  | { kind: 'notANumber'; value: string };

export interface RotationPlan {
  /** Scope ids in the order shown; never empty (the district when nothing valid was given). */
  scopes: string[];
  everyMs: number;
  problems: RotationProblem[];
}

/**
 * `?rotate=<code>,<code>…&every=<seconds>`; null when the URL asks for no rotation. Never fails: a bad list or
 * interval falls back (valid codes only, else the district; every below the minimum is the minimum, a non-number the
 * default) and says what was wrong. Codes are checked for their form here; whether they exist is known only once the
 * outlines are in (known-scopes.ts).
 */
export function parseRotation(search: string): RotationPlan | null {
  const params = new URLSearchParams(search);
  const list = params.get('rotate');
  if (list === null) return null;
  const problems: RotationProblem[] = [];
  const codes = list.split(',').map((c) => c.trim()).filter((c) => c !== '');
  const valid = codes.filter((c) => scopeLevelOf(c) !== null);
  const unknown = codes.filter((c) => scopeLevelOf(c) === null);
  if (codes.length === 0) problems.push({ kind: 'empty' });
  if (unknown.length > 0) problems.push({ kind: 'unknownCodes', codes: unknown });
  return { scopes: valid.length > 0 ? valid : [DISTRICT_CODE], everyMs: parseEvery(params.get('every'), problems) * 1000, problems };
}

function parseEvery(raw: string | null, problems: RotationProblem[]): number {
  const value = raw?.trim() ?? '';
  if (raw === null) return ROTATE_DEFAULT_SECONDS;
  if (!/^\d+(\.\d+)?$/.test(value)) {
    problems.push({ kind: 'notANumber', value });
    return ROTATE_DEFAULT_SECONDS;
  }
  const seconds = Number(value);
  if (seconds < ROTATE_MIN_SECONDS) {
    problems.push({ kind: 'tooShort', value });
    return ROTATE_MIN_SECONDS;
  }
  return seconds;
}
