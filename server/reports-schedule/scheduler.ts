import { setImmediate as turn } from 'node:timers/promises';
import { Cron } from 'croner';
import { MONTHLY_RUN_HOUR } from '../../shared/report-month.js';
import { missingFiles, monthCrossed, monthToMake, type FileKey } from './due.js';
import type { ReportFileStore } from './file-store.js';

/** 06:00 on every month's 1st, Asia/Shanghai: when the previous month's files are made (wall time, live). */
export const MONTHLY_CRON = `0 ${MONTHLY_RUN_HOUR} 1 * *`;
export const REPORTS_TIMEZONE = 'Asia/Shanghai';
/** How often the demo looks at the replay's clock (real time): a month of replay lasts minutes at the fastest. */
export const DEMO_POLL_MS = 2_000;

export interface ReportSchedulerDeps {
  /** 'live' follows wall time through a cron job; 'demo' follows the replay's clock (`now`) by looking at it. */
  mode: 'demo' | 'live';
  now: () => number;
  /** Months before this one are never made (before the demo's year there is nothing to report). */
  firstMonth: string;
  /** The scopes a month is made for: the district and each town. */
  scopes: readonly string[];
  store: ReportFileStore;
  /** Makes one file's bytes (the workbook, or the print of the month's page). */
  make: (key: FileKey) => Promise<Uint8Array>;
  log: (line: string) => void;
  pollMs?: number;
}

export interface RunResult {
  month: string;
  made: FileKey[];
  failed: { key: FileKey; error: string }[];
}

export interface ReportScheduler {
  start(): void;
  /** Stops the timers and waits for the file being made, if any (the rest of its month is left for the next start). */
  stop(): Promise<void>;
  /**
   * One look at the clock (what the timers call): live, makes the month due if not made yet; in the demo, makes the
   * month the replay's clock has crossed into due since the last look (monthCrossed). Null when nothing ran.
   */
  check(): Promise<RunResult | null>;
  /** Makes the month due now, if any and none is being made, whatever the clock did; resolves when it is done. */
  runDue(): Promise<RunResult | null>;
}

/**
 * The monthly run. Live it makes the month due (at 06:00 on the 1st, and at start when missing); in the demo the month
 * the replay's clock crosses into due while it plays. One month at a time and one file at a time (a print is a browser; a fast replay must not start a
 * dozen), a turn of the event loop between files; a check while a month is being made does nothing (the next check
 * after it looks at the clock again, so duplicates are never queued), and files already on disk are not made again
 * (a restart, a replay that loops). A file that fails (no Chromium, say) is logged and left for the next start.
 */
export function createReportScheduler(deps: ReportSchedulerDeps): ReportScheduler {
  const made = new Set<string>();
  let running: Promise<RunResult> | null = null;
  let stopping = false;
  let cron: Cron | null = null;
  let poll: NodeJS.Timeout | null = null;

  const run = async (month: string): Promise<RunResult> => {
    const result: RunResult = { month, made: [], failed: [] };
    const todo = missingFiles(month, deps.scopes, (key) => deps.store.has(key));
    if (todo.length > 0) deps.log(`reports: making ${todo.length} files of ${month}`);
    for (const key of todo) {
      if (stopping) break;
      try {
        await deps.store.write(key, await deps.make(key));
        result.made.push(key);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        result.failed.push({ key, error });
        deps.log(`reports: ${key.scope}/${key.month}.${key.format} not made: ${error}`);
      }
      await turn();
    }
    if (todo.length > 0) deps.log(`reports: ${month} done, ${result.made.length} made, ${result.failed.length} failed`);
    return result;
  };

  const begin = (month: string | null): Promise<RunResult | null> => {
    if (month === null) return Promise.resolve(null);
    made.add(month);
    const current = run(month).finally(() => { running = null; });
    running = current;
    return current;
  };
  const runDue = (): Promise<RunResult | null> =>
    (running || stopping ? Promise.resolve(null) : begin(monthToMake(deps.now(), made, deps.firstMonth)));
  // What the demo's clock showed due at the last look (undefined before the first): a look while a month is being
  // made is skipped whole, so the next one compares with the month due when that run began.
  let seen: string | null | undefined;
  const check = (): Promise<RunResult | null> => {
    if (deps.mode === 'live') return runDue();
    if (running || stopping) return Promise.resolve(null);
    const next = monthCrossed(deps.now(), seen, made, deps.firstMonth);
    seen = next.seen;
    return begin(next.make);
  };
  const quietly = () => { check().catch((err: Error) => deps.log(`reports: run failed: ${err.message}`)); };

  return {
    start() {
      if (deps.mode === 'live') {
        cron = new Cron(MONTHLY_CRON, { timezone: REPORTS_TIMEZONE, unref: true }, quietly);
        quietly(); // a server that was down at 06:00 on the 1st makes the month when it comes back
      } else {
        quietly(); // the first look: where the clock stands is remembered, nothing is made for it
        poll = setInterval(quietly, deps.pollMs ?? DEMO_POLL_MS);
        poll.unref();
      }
    },
    async stop() {
      stopping = true;
      cron?.stop();
      if (poll) clearInterval(poll);
      await running?.catch(() => undefined);
    },
    check,
    runDue,
  };
}
