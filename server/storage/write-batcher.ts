import type { Db } from './database.js';
import { outsideRequestBudget } from './request-budget.js';

interface Job {
  fn: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for HTTP writes. Requests that arrive in the same turn of the event loop run one after another inside
 * ONE SQLite transaction, each in its own savepoint (a failing request rolls back alone), and the transaction commits
 * once for all of them: under load the commit, not the work, is what a request costs. Answers go out after the commit.
 * If the commit itself fails, `onRollback` brings in-memory state back in line with SQLite and every request fails.
 * See WriteBatcherHooks for the demo's replay.
 */
export interface WriteBatcherHooks {
  /** Runs first in every flush, in its own transaction (the demo's replay catches up with its clock there). */
  beforeFlush?: () => void;
  /** While this says so (the demo's replay jumping to another instant), writes wait for `idle`. */
  busy?: () => boolean;
  idle?: () => Promise<void>;
  /** After each commit, with the number of requests it held (metrics). */
  onCommit?: (size: number) => void;
}

export function createWriteBatcher(db: Db, onRollback: () => void, hooks: WriteBatcherHooks = {}) {
  const beforeFlush = hooks.beforeFlush ?? (() => {});
  const busy = hooks.busy ?? (() => false);
  const idle = hooks.idle ?? (() => Promise.resolve());
  let queue: Job[] = [];
  let scheduled = false;

  const flush = () => {
    if (busy()) {
      // Stay scheduled, and go when the jump is over: the group is written at the instant the replay then stands at.
      void idle().then(() => setImmediate(flush));
      return;
    }
    scheduled = false;
    const jobs = queue;
    queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      beforeFlush();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    try {
      db.transaction(() => {
        for (const job of jobs) {
          try {
            outcomes.push({ ok: true, value: db.transaction(job.fn)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      onRollback();
      for (const job of jobs) job.reject(error);
      return;
    }
    hooks.onCommit?.(jobs.length);
    jobs.forEach((job, i) => {
      const o = outcomes[i];
      if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  };

  return {
    /** Runs fn in the next group transaction; resolves with its result once that transaction has committed. */
    run<T>(fn: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          // The commit serves every queued request: none of their SQL budgets pays for it.
          setImmediate(() => outsideRequestBudget(flush));
        }
      });
    },
  };
}
export type WriteBatcher = ReturnType<typeof createWriteBatcher>;
