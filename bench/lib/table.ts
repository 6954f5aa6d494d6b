/** One line of the results table. `note` explains a missed goal (printed under the table). */
export interface Row {
  benchmark: string;
  baseline: string;
  ours: string;
  /** ours / baseline, already formatted (e.g. "0.31x"); "—" when a ratio means nothing. */
  ratio: string;
  goal: string;
  verdict: 'met' | 'MISSED' | 'info';
  note?: string;
}

export const ratio = (ours: number, baseline: number): string => (baseline > 0 ? `${(ours / baseline).toFixed(2)}x` : '—');

const HEADERS = ['benchmark', 'baseline', 'ours', 'ratio', 'goal', 'verdict'] as const;

/** A markdown table (also readable in a terminal), then one note per missed goal. */
export function renderTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.benchmark, r.baseline, r.ours, r.ratio, r.goal, r.verdict]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: readonly string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  const out = [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)];
  const notes = rows.filter((r) => r.note);
  if (notes.length > 0) {
    out.push('');
    for (const r of notes) out.push(`- **${r.benchmark}** (${r.verdict}): ${r.note}`);
  }
  return out.join('\n');
}
