import type { ReplayState, ValidReplayCommand } from '../../shared/schemas/common.js';
import type { AuditActor } from './audit-log.js';
import { createRateLimiter } from './rate-limiter.js';
import { DomainError, rateLimited } from '../domain/errors.js';

/** At most one seek per caller in this time: a seek rewrites thousands of rows and makes every wall re-subscribe. */
export const SEEK_INTERVAL_MS = 2_000;

/** Who sent a replay command, from the door it came through (HTTP session, wall socket, an edge's wall). */
export interface ReplayCaller {
  /** Whose seek budget it spends: `account:<id>`, or `wall:<pseudonym of the address>` for an anonymous wall. */
  key: string;
  /** Who the audit log names. */
  actor: AuditActor;
  /** The address the audit log keeps (an anonymous wall's is its pseudonym). */
  ip: string;
}

export interface ReplayControlDeps {
  replayer: { state(): ReplayState; command(cmd: ValidReplayCommand): Promise<ReplayState> };
  /** Writes the audit entry of a command that was carried out, or of a seek a newer one replaced. */
  audit: (caller: ReplayCaller, cmd: ValidReplayCommand, outcome: 'done' | 'superseded') => void;
  now?: () => number;
}

/**
 * The one door of people's replay commands, for POST /api/replay, a wall's socket and an edge's walls alike: the seek
 * budget per caller, then the replayer (which runs one jump at a time and only the newest seek), then the audit log.
 * Commands arrive here already parsed (shared/replay-command.ts) and past their door's gate.
 */
export function createReplayControl(deps: ReplayControlDeps) {
  const seeks = createRateLimiter({ perMinute: 60_000 / SEEK_INTERVAL_MS, burst: 1 }, deps.now ?? Date.now);
  return {
    state: (): ReplayState => deps.replayer.state(),
    async command(cmd: ValidReplayCommand, caller: ReplayCaller): Promise<ReplayState> {
      if (cmd.action === 'seek') {
        const verdict = seeks.take(caller.key);
        if (!verdict.ok) {
          throw rateLimited(`At most one seek every ${SEEK_INTERVAL_MS / 1000} s; try again in ${Math.ceil(verdict.retryAfterMs / 1000)} s.`, verdict.retryAfterMs);
        }
      }
      try {
        const state = await deps.replayer.command(cmd);
        deps.audit(caller, cmd, 'done');
        return state;
      } catch (err) {
        if (err instanceof DomainError && err.code === 'seek_superseded') deps.audit(caller, cmd, 'superseded');
        throw err;
      }
    },
  };
}
export type ReplayControl = ReturnType<typeof createReplayControl>;
