import { describe, expect, it } from 'vitest';
import { childOfCell, scopeChain } from './scope-nav.js';

describe('scope navigation', () => {
  it('drills from a clicked cell into the next level down', () => {
    const cell = '321171001002-03';
    expect(childOfCell('321171', cell)).toBe('321171001');
    expect(childOfCell('321171001', cell)).toBe('321171001002');
    expect(childOfCell('321171001002', cell)).toBe(cell);
    expect(childOfCell(cell, cell)).toBeNull();
    expect(childOfCell('321171100', cell)).toBeNull();
  });

  it('lists the scope and its ancestors, widest first', () => {
    expect(scopeChain('321171')).toEqual(['321171']);
    expect(scopeChain('321171001002-03')).toEqual(['321171', '321171001', '321171001002', '321171001002-03']);
  });
});
