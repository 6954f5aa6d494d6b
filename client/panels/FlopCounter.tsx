import { memo, type CSSProperties } from 'react';
import { formatCount, NO_VALUE } from '../format.js';

interface FlopCounterProps {
  value: number | null;
  locale: string;
  testId?: string;
}

/**
 * A number as rolling digits: each digit is a strip 0-9 (drawn by CSS, see .flop-digit) moved to its digit with a
 * transform transition, so a change rolls like a mechanical counter and costs the main thread nothing per frame.
 * Digits are keyed from the right, so 999 -> 1000 rolls the last three and adds a digit instead of re-rolling all.
 * The number itself is in the text (visually hidden) for screen readers and tests.
 */
export const FlopCounter = memo(function FlopCounter({ value, locale, testId }: FlopCounterProps) {
  const text = formatCount(value, locale);
  if (text === NO_VALUE) {
    return (
      <span className="flop flop-empty" data-testid={testId}>
        {NO_VALUE}
      </span>
    );
  }
  const glyphs = [...text];
  return (
    <span className="flop" data-testid={testId} data-value={value ?? undefined}>
      <span className="sr-only">{text}</span>
      <span className="flop-digits" aria-hidden>
        {glyphs.map((g, i) => {
          const key = glyphs.length - i;
          return /\d/.test(g) ? (
            <span key={key} className="flop-digit" style={{ '--d': Number(g) } as CSSProperties} />
          ) : (
            <span key={key} className="flop-sep" data-glyph={g} />
          );
        })}
      </span>
    </span>
  );
});
