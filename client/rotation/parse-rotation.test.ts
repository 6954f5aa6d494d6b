import { describe, expect, it } from 'vitest';
import { scopeFromSearch } from '../scope-from-url.js';
import { parseRotation } from './parse-rotation.js';

describe('parseRotation', () => {
  it('is null when the URL asks for no rotation', () => {
    expect(parseRotation('')).toBeNull();
    expect(parseRotation('?scope=321171001')).toBeNull();
  });

  it('reads the scopes in order and the interval in seconds', () => {
    expect(parseRotation('?rotate=321171,321171001,321171002&every=60')).toEqual({
      scopes: ['321171', '321171001', '321171002'],
      everyMs: 60_000,
      problems: [],
    });
    // Village, grid cell, spaces around codes, a trailing comma, a URL-encoded comma.
    expect(parseRotation('?rotate=321171102004,%20321171102004-01,&every=10')).toEqual({
      scopes: ['321171102004', '321171102004-01'],
      everyMs: 10_000,
      problems: [],
    });
    expect(parseRotation('?rotate=321171%2C321171001&every=12.5')?.everyMs).toBe(12_500);
  });

  it('defaults the interval to 60 s', () => {
    expect(parseRotation('?rotate=321171,321171001')?.everyMs).toBe(60_000);
  });

  it('drops malformed and foreign codes and names them', () => {
    expect(parseRotation('?rotate=abc,321171001,320102001&every=30')).toEqual({
      scopes: ['321171001'],
      everyMs: 30_000,
      problems: [{ kind: 'unknownCodes', codes: ['abc', '320102001'] }],
    });
  });

  it('shows the district when nothing valid is listed', () => {
    expect(parseRotation('?rotate=')).toEqual({ scopes: ['321171'], everyMs: 60_000, problems: [{ kind: 'empty' }] });
    expect(parseRotation('?rotate=,,')?.problems).toEqual([{ kind: 'empty' }]);
    expect(parseRotation('?rotate=xyz')).toEqual({ scopes: ['321171'], everyMs: 60_000, problems: [{ kind: 'unknownCodes', codes: ['xyz'] }] });
  });

  it('raises an interval below 10 s to 10 s and says so', () => {
    expect(parseRotation('?rotate=321171,321171001&every=3')).toEqual({
      scopes: ['321171', '321171001'],
      everyMs: 10_000,
      problems: [{ kind: 'tooShort', value: '3' }],
    });
    expect(parseRotation('?rotate=321171&every=0')?.problems).toEqual([{ kind: 'tooShort', value: '0' }]);
  });

  it('takes the default for an interval that is not a number of seconds, and says so', () => {
    for (const bad of ['abc', '-20', '1e3', '', '60s', 'Infinity']) {
      const plan = parseRotation(`?rotate=321171&every=${encodeURIComponent(bad)}`);
      expect(plan?.everyMs, bad).toBe(60_000);
      expect(plan?.problems, bad).toEqual([{ kind: 'notANumber', value: bad }]);
    }
  });

  it('reports every problem at once', () => {
    expect(parseRotation('?rotate=&every=x')?.problems).toEqual([{ kind: 'empty' }, { kind: 'notANumber', value: 'x' }]);
  });
});

describe('scopeFromSearch with a rotation', () => {
  it('opens on the first valid scope of the rotation, which wins over ?scope=', () => {
    expect(scopeFromSearch('?rotate=321171001,321171002')).toBe('321171001');
    expect(scopeFromSearch('?scope=321171002&rotate=bad,321171102004')).toBe('321171102004');
    expect(scopeFromSearch('?rotate=')).toBe('321171');
  });
});
