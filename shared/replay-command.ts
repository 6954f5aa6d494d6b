import { Compile } from 'typebox/compile';
import { REPLAY_SPEED_MAX, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from './constants.js';
import { ReplayCommandSchema, type ValidReplayCommand } from './schemas/common.js';
import { firstProblem } from './validation.js';

// Compiled once: every command of both doors (HTTP and socket) goes through this one validator.
const validator = Compile(ReplayCommandSchema);

const TO_VALUES = 'epoch milliseconds or an ISO date-time with its zone (e.g. 2023-03-01T00:00:00+08:00) within 2023 (Asia/Shanghai), the replayed year.';
const TO_RULE = `"to" must be ${TO_VALUES}`;

const SPEED_VALUES = `a number from 0 (as fast as possible) to ${REPLAY_SPEED_MAX} virtual seconds per real second.`;
const SPEED_RULE = `"speed" must be ${SPEED_VALUES}`;

export type ParsedReplayCommand = { ok: true; command: ValidReplayCommand } | { ok: false; field?: string; message: string };

const refuse = (field: string | undefined, message: string): ParsedReplayCommand => (field ? { ok: false, field, message } : { ok: false, message });

/**
 * The one check of a replay command, for POST /api/replay and the socket's 'replay:command' alike: the schema, then the
 * rules between fields (seek needs "to", speed needs "speed", neither goes with another action). Pure.
 */
export function parseReplayCommand(input: unknown): ParsedReplayCommand {
  if (!validator.Check(input)) {
    const problem = firstProblem(validator.Errors(input), 'replay command');
    const message = problem.field === 'to' ? TO_RULE : problem.field === 'speed' ? SPEED_RULE : problem.message;
    return refuse(problem.field, message);
  }
  const { action, to, speed } = input;
  if (to !== undefined && action !== 'seek') return refuse('to', `"to" goes only with action "seek", not "${action}".`);
  if (speed !== undefined && action !== 'speed') return refuse('speed', `"speed" goes only with action "speed", not "${action}".`);
  if (action === 'seek') {
    if (to === undefined) return refuse('to', `action "seek" needs "to": ${TO_VALUES}`);
    const at = typeof to === 'number' ? to : Date.parse(to);
    if (!Number.isFinite(at) || at < REPLAY_YEAR_START_MS || at > REPLAY_YEAR_END_MS) return refuse('to', TO_RULE);
    return { ok: true, command: { action, to: at } };
  }
  if (action === 'speed') {
    if (speed === undefined) return refuse('speed', `action "speed" needs "speed": ${SPEED_VALUES}`);
    return { ok: true, command: { action, speed } };
  }
  return { ok: true, command: { action } };
}
