import { describe, expect, it } from 'vitest';
import { scopeFromSearch } from './scope-from-url.js';

describe('scopeFromSearch', () => {
  it('defaults to the district', () => {
    expect(scopeFromSearch('')).toBe('321171');
    expect(scopeFromSearch('?foo=1')).toBe('321171');
  });

  it('accepts town, village and grid scopes', () => {
    expect(scopeFromSearch('?scope=321171001')).toBe('321171001');
    expect(scopeFromSearch('?scope=321171102004')).toBe('321171102004');
    expect(scopeFromSearch('?scope=321171102004-01')).toBe('321171102004-01');
  });

  it('ignores malformed or foreign codes', () => {
    expect(scopeFromSearch('?scope=abc')).toBe('321171');
    expect(scopeFromSearch('?scope=320102001')).toBe('321171');
  });
});
