import { describe, expect, it } from 'vitest';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { yearPosition } from './year-position.js';

describe('where the replay stands in 2023', () => {
  it('counts days in Asia/Shanghai and whole percent', () => {
    expect(yearPosition(REPLAY_YEAR_START_MS)).toEqual({ day: 1, percent: 0 });
    expect(yearPosition(Date.parse('2023-01-01T23:59:59+08:00'))).toEqual({ day: 1, percent: 0 });
    expect(yearPosition(Date.parse('2023-10-17T09:30:00+08:00'))).toEqual({ day: 290, percent: 79 });
    expect(yearPosition(REPLAY_YEAR_END_MS)).toEqual({ day: 365, percent: 100 });
    expect(yearPosition(REPLAY_YEAR_END_MS + 60_000)).toEqual({ day: 365, percent: 100 });
  });
});
