import type { ReactNode } from 'react';

/** A drill-down table: one header row of `heads` (null: an empty heading), then `children`, the body's rows. */
export function DTable({ heads, compact = false, children }: { heads: readonly ReactNode[]; compact?: boolean; children: ReactNode }) {
  return (
    <table className={compact ? 'dtable compact' : 'dtable'}>
      <thead>
        <tr>
          {heads.map((h, i) => (
            <th key={i}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
