import { checkModuleEvent } from '../../shared/module-events.js';
import {
  MODULE_EVENT_FUTURE_SKEW_MS, type ModuleEvent, type ModuleEventAnswer, type ModuleEventRejection,
} from '../../shared/schemas/modules.js';
import type { LiveState } from './live-state.js';
import { tallyOf } from './module-activity.js';
import type { Broadcaster, ModuleEventStore, NewModuleEventRow } from './ports.js';

/** Where the events are kept: each sender's ids with the hash of what they said, and the stored events. */
export type { ModuleEventStore };

export interface ModuleEventServiceDeps {
  store: ModuleEventStore;
  live: Pick<LiveState, 'recordModules'>;
  broadcaster: Broadcaster;
  /** Whether the world has this grid cell. */
  hasCell: (gridId: string) => boolean;
  /** Runs `fn` in the next group commit (server/storage/write-batcher.ts); resolves once it is committed. */
  inTransaction: <T>(fn: () => T) => Promise<T>;
  /** The instant an action taken now happens at (the demo's virtual clock, or wall time), inside the transaction. */
  actionTime: () => number;
  /** The hash that tells a resent event (same id, same fields) from an id reused for another event. */
  hashOf: (event: ModuleEvent) => string;
  /** Wall time, stored as when an event arrived. */
  receivedNow?: () => number;
  /** Counts what was accepted (metrics). */
  observer?: { accepted(types: readonly string[]): void };
}

/** What a batch came to: the sender's answer, and the accepted events' own ids (for the log, as hashes). */
export interface ModuleEventOutcome {
  answer: ModuleEventAnswer;
  acceptedIds: string[];
}

interface Candidate {
  index: number;
  event: ModuleEvent;
  at: number;
  hash: string;
}

/**
 * 人车房物 facts from the systems that know them (POST /api/modules/events). Each event is checked on its own; the good
 * ones of a batch are written in one transaction and counted into the module aggregates together, the bad ones are
 * named by index, and a resent event (same id, same body) is a duplicate that changes nothing. An id belongs to its
 * sender (`caller`).
 */
export function createModuleEventService(deps: ModuleEventServiceDeps) {
  const receivedNow = deps.receivedNow ?? Date.now;

  /** What needs neither the database nor the clock: the shape, the instant's spelling, the cell. */
  const check = (inputs: readonly unknown[], reject: (r: ModuleEventRejection) => void): Candidate[] => {
    const candidates: Candidate[] = [];
    inputs.forEach((input, index) => {
      const checked = checkModuleEvent(input);
      if (!checked.ok) return reject(rejection(index, checked.error, checked.message, checked.field));
      const { event, at } = checked;
      if (!deps.hasCell(event.gridId)) return reject(rejection(index, 'unknown_grid', `Unknown grid cell "${event.gridId}".`, 'gridId'));
      candidates.push({ index, event, at, hash: deps.hashOf(event) });
    });
    return candidates;
  };

  /** Inside the transaction: the clock, and the sender's earlier ids. SQLite first, then the aggregates. */
  const write = (caller: string, candidates: readonly Candidate[], reject: (r: ModuleEventRejection) => void) => {
    const now = deps.actionTime();
    const rows: NewModuleEventRow[] = [];
    const seen = new Map<string, string>();
    let duplicates = 0;
    for (const c of candidates) {
      if (c.at > now + MODULE_EVENT_FUTURE_SKEW_MS) {
        reject(rejection(c.index, 'in_future', `"at" is ${Math.round((c.at - now) / 60_000)} minutes after the server's clock (${new Date(now).toISOString()}); send events once they have happened.`, 'at'));
        continue;
      }
      const earlier = seen.get(c.event.id) ?? deps.store.hashOf(caller, c.event.id);
      if (earlier === c.hash) {
        duplicates += 1;
      } else if (earlier !== null && earlier !== undefined) {
        reject(rejection(c.index, 'id_reused', `Event id "${c.event.id.slice(0, 40)}" was already used by you for another event; a new event needs a new id.`, 'id'));
      } else {
        seen.set(c.event.id, c.hash);
        rows.push({ caller, event: c.event, at: c.at, bodyHash: c.hash, receivedAt: receivedNow() });
      }
    }
    // SQLite first: a failing insert throws before the aggregates change.
    deps.store.insertAll(rows);
    deps.broadcaster.scopesChanged(deps.live.recordModules(rows.map((r) => tallyOf(r.event, r.at))), ['modules']);
    return { rows, duplicates };
  };

  return {
    /**
     * The same as report, for a caller that already holds the write (a central household's rounds record their events
     * and file their faults' tickets in one transaction). Rejections are returned, not thrown.
     */
    reportWithin(caller: string, inputs: readonly unknown[]): { accepted: number; rejected: ModuleEventRejection[] } {
      const rejected: ModuleEventRejection[] = [];
      const reject = (r: ModuleEventRejection) => void rejected.push(r);
      const { rows } = write(caller, check(inputs, reject), reject);
      deps.observer?.accepted(rows.map((r) => r.event.type));
      return { accepted: rows.length, rejected };
    },

    async report(caller: string, inputs: readonly unknown[]): Promise<ModuleEventOutcome> {
      const rejected: ModuleEventRejection[] = [];
      const reject = (r: ModuleEventRejection) => void rejected.push(r);
      const candidates = check(inputs, reject);
      const late: ModuleEventRejection[] = [];
      const { rows, duplicates } = await deps.inTransaction(() => write(caller, candidates, (r) => void late.push(r)));
      deps.observer?.accepted(rows.map((r) => r.event.type));
      rejected.push(...late);
      rejected.sort((a, b) => a.index - b.index);
      return { answer: { accepted: rows.length, duplicates, rejected }, acceptedIds: rows.map((r) => r.event.id) };
    },
  };
}
export type ModuleEventService = ReturnType<typeof createModuleEventService>;

const rejection = (index: number, error: string, message: string, field?: string): ModuleEventRejection =>
  field ? { index, error, message, field } : { index, error, message };
