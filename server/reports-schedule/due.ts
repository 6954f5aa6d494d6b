/**
 * What the monthly run owes, as pure functions of the clock and of what is already on disk: the scheduler asks them on
 * every tick of whichever clock runs (the replay's in the demo, wall time live), so they decide alone, and tests drive
 * them with made-up instants.
 */
import { monthDue } from '../../shared/report-month.js';
import { REPORT_FILE_FORMATS, type ReportFileFormat } from '../../shared/schemas/report-files.js';

export interface FileKey {
  scope: string;
  month: string;
  format: ReportFileFormat;
}

/**
 * The month to make at `clock`: the latest month that has fallen due (the predecessor of the month whose 1st 06:00
 * Asia/Shanghai the clock has passed), unless this process already made it (`made`). Only the latest: a clock that
 * jumps or races across several months' 1st makes the month it lands after, not every month it crossed (a fast replay
 * would otherwise queue a year of prints); earlier months stay on demand. A clock moved back (a seek, the replay
 * looping) makes the month due there, if it was not made.
 */
export function monthToMake(clock: number, made: ReadonlySet<string>, firstMonth: string): string | null {
  const due = monthDue(clock, null, firstMonth);
  return due !== null && !made.has(due) ? due : null;
}

/**
 * The month a playing clock has just made due: the month due at `clock` when it is later than the one due at the
 * previous look (`seen`), i.e. the clock crossed a 1st 06:00 going forwards since. The demo's run follows this, so a
 * demo that starts (or a seek that lands) past a 1st prints nothing for it, and a seek or the replay's loop going back
 * makes nothing either; playing on across the next 1st does. At the first look (`seen` undefined) nothing is made.
 * Returns the month to make (or null) and what to remember as `seen`.
 */
export function monthCrossed(clock: number, seen: string | null | undefined, made: ReadonlySet<string>, firstMonth: string): { make: string | null; seen: string | null } {
  const due = monthDue(clock, null, firstMonth);
  const crossed = seen !== undefined && due !== null && (seen === null || due > seen);
  return { make: crossed && !made.has(due) ? due : null, seen: due };
}

/** The files of `month` still missing: each scope in the order given, the workbook before the PDF (it is quicker). */
export function missingFiles(month: string, scopes: readonly string[], present: (key: FileKey) => boolean): FileKey[] {
  return scopes.flatMap((scope) => REPORT_FILE_FORMATS.map((format) => ({ scope, month, format })))
    .filter((key) => !present(key));
}
