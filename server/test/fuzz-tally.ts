/**
 * Bookkeeping of the fuzz tests: outcomes per route group and status (printed as a Markdown table for
 * docs/RELIABILITY.md), and the problems found, one example per distinct kind so that a report stays readable.
 */
export function createTally() {
  const counts = new Map<string, Map<string, number>>();
  const problems = new Map<string, string>();
  let total = 0;
  return {
    record(group: string, outcome: string | number): void {
      total++;
      const row = counts.get(group) ?? new Map<string, number>();
      counts.set(group, row);
      row.set(String(outcome), (row.get(String(outcome)) ?? 0) + 1);
    },
    /** Keeps the first example of each kind of problem (kind = what went wrong and where, without the input). */
    problem(kind: string, example: string): void {
      if (!problems.has(kind)) problems.set(kind, example.slice(0, 600));
    },
    get total(): number {
      return total;
    },
    problems(): string[] {
      return [...problems].map(([kind, example]) => `${kind}\n    e.g. ${example}`);
    },
    /** Route groups down, outcomes across, with totals. */
    table(): string {
      const outcomes = [...new Set([...counts.values()].flatMap((r) => [...r.keys()]))].sort();
      const groups = [...counts.keys()].sort();
      const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
      const rows = groups.map((g) => {
        const row = counts.get(g)!;
        const sum = [...row.values()].reduce((a, b) => a + b, 0);
        return line([g, ...outcomes.map((o) => row.get(o) ?? 0), sum]);
      });
      const totals = outcomes.map((o) => groups.reduce((a, g) => a + (counts.get(g)!.get(o) ?? 0), 0));
      return [
        line(['group', ...outcomes, 'total']), line(['---', ...outcomes.map(() => '---:'), '---:']),
        ...rows, line(['**all**', ...totals, total]),
      ].join('\n');
    },
  };
}
export type Tally = ReturnType<typeof createTally>;

const MAX_ERROR_BODY_CHARS = 1000;

/** Problems with an error answer: it must be JSON { error, message, field? } and nothing else. */
export function errorBodyProblem(contentType: string | undefined, body: string): string | null {
  if (!contentType?.startsWith('application/json')) return `content-type ${contentType ?? 'none'} instead of JSON`;
  // A refusal names what was wrong; it does not echo kilobytes of the caller's input back.
  if (body.length > MAX_ERROR_BODY_CHARS) return `a ${body.length}-character error body`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'body is not an object';
  const o = parsed as Record<string, unknown>;
  if (typeof o.error !== 'string' || !o.error) return 'no "error" code';
  if (typeof o.message !== 'string' || !o.message) return 'no "message"';
  if (o.field !== undefined && typeof o.field !== 'string') return '"field" is not a string';
  const extra = Object.keys(o).filter((k) => k !== 'error' && k !== 'message' && k !== 'field');
  if (extra.length) return `extra keys ${extra.join(', ')}`;
  return null;
}

/** Counts process-level failures (a crash in a handler surfaces here) while a fuzz test runs. */
export function watchCrashes(): { readonly count: number; readonly first: string | null; stop(): void } {
  let count = 0;
  let first: string | null = null;
  const onError = (err: unknown) => {
    count++;
    first ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    get count() {
      return count;
    },
    get first() {
      return first;
    },
    stop() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}
