import { describe, expect, it } from 'vitest';
import { CATALOGUES, format } from './i18n.js';

describe('the app\'s words', () => {
  it('has every key in both languages, with the same placeholders', () => {
    const keys = Object.keys(CATALOGUES.zh).sort();
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(keys);
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of keys as (keyof typeof CATALOGUES.zh)[]) expect(holes(CATALOGUES.en[k]), k).toEqual(holes(CATALOGUES.zh[k]));
  });
  it('fills placeholders', () => {
    expect(format('zh', 'accuracy', { m: 12 })).toBe('精度约 12 米');
    expect(format('en', 'faults', { n: 2 })).toBe('2 faults');
  });
});
