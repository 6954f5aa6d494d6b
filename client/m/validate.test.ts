import { describe, expect, it } from 'vitest';
import { fitWithin } from './photo.js';
import { parseMRoute, pathOf } from './route.js';
import { isValid, normaliseCode, validateActivation, validateRating, validateReport, validateRounds } from './validate.js';

describe('the report form', () => {
  const ok = { category: 'lamp', description: '路灯不亮', gridId: '321171001001001', location: null, photos: 2 };
  it('accepts a category, words, a place and up to six photos', () => {
    expect(isValid(validateReport(ok))).toBe(true);
    expect(isValid(validateReport({ ...ok, gridId: null, location: { lng: 119.4, lat: 32.1 } }))).toBe(true);
  });
  it('names each missing or wrong field', () => {
    expect(validateReport({ category: null, description: '  ', gridId: null, location: null, photos: 7 }))
      .toEqual({ category: 'required', description: 'required', place: 'required', photos: 'tooMany' });
    expect(validateReport({ ...ok, description: 'x'.repeat(4001) })).toEqual({ description: 'tooLong' });
  });
});

describe('activation', () => {
  it('reads a code as typed from the card', () => {
    expect(normaliseCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(validateActivation('abcd efgh', 'a-long-password', 'a-long-password')).toEqual({});
  });
  it('refuses a code with letters the alphabet leaves out, a short password, a mistyped repeat', () => {
    expect(validateActivation('ABCDEFG0', 'short', 'shorts')).toEqual({ code: 'badCode', password: 'tooShort', confirm: 'mismatch' });
    expect(validateActivation('', 'a-long-password', 'a-long-password')).toEqual({ code: 'required' });
  });
});

describe('rounds', () => {
  it('wants every device checked, and words for a fault', () => {
    expect(validateRounds([
      { device: 'elevator', result: 'ok', note: '', photos: 0 },
      { device: 'gas', result: 'fault', note: '', photos: 1 },
      { device: 'hydrant', result: null, note: '', photos: 0 },
      { device: 'water', result: 'fault', note: '水管漏水', photos: 1 },
    ])).toEqual({ gas: 'required', hydrant: 'required' });
  });
});

describe('rating', () => {
  it('is 1 to 5 with a short comment', () => {
    expect(validateRating(5, '')).toEqual({});
    expect(validateRating(null, '')).toEqual({ rating: 'range' });
    expect(validateRating(6, 'x'.repeat(501))).toEqual({ rating: 'range', comment: 'tooLong' });
  });
});

describe('photo size', () => {
  it('keeps a small photo and scales a big one to 1600 px on its long side', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });
});

describe('routes', () => {
  it('reads each page from its path and writes it back', () => {
    for (const path of ['/m/', '/m/report', '/m/rounds', '/m/mine', '/m/activate', '/m/login', '/m/track/AB23CD45EF']) {
      expect(pathOf(parseMRoute(path))).toBe(path);
    }
    expect(parseMRoute('/m')).toEqual({ page: 'home' });
    expect(parseMRoute('/m/track/ab23cd45ef')).toEqual({ page: 'track', receipt: 'AB23CD45EF' });
    expect(parseMRoute('/m/track/../x')).toEqual({ page: 'home' });
    expect(parseMRoute('/m/nothing')).toEqual({ page: 'home' });
  });
});
