import type { ReactNode } from 'react';

/** The options of a select: one a value, each under its label. */
export function Options<V extends string | number>({ values, label }: { values: readonly V[]; label: (value: V) => ReactNode }) {
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {label(v)}
        </option>
      ))}
    </>
  );
}
