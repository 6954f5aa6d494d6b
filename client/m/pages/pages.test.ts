import { describe, expect, it } from 'vitest';
import type { MineTicket } from '../api.js';
import { stepsOf } from './Mine.js';
import { shanghaiDate } from './Rounds.js';

describe('the rounds\' day', () => {
  it('is the date in Shanghai of the server\'s clock, not of the phone\'s time zone', () => {
    expect(shanghaiDate(Date.parse('2023-10-17T15:59:00Z'))).toBe('2023-10-17');
    expect(shanghaiDate(Date.parse('2023-10-17T16:00:00Z'))).toBe('2023-10-18');
  });
});

describe('a ticket\'s steps on my reports', () => {
  const base = { reportedAt: 1, acceptedAt: 2, dispatchedAt: null, startedAt: null, handledAt: null, closedAt: null, evaluatedAt: null, status: 'accepted', updatedAt: 2 };
  it('are the server\'s timeline when it sends one (a return included)', () => {
    const timeline = [{ at: 1, action: 'report', status: 'reported' }, { at: 2, action: 'return', status: 'returned' }] as MineTicket['timeline'];
    expect(stepsOf({ ...base, status: 'returned', timeline } as unknown as MineTicket)).toEqual(timeline);
  });
  it('are read from the step times otherwise, oldest first', () => {
    expect(stepsOf(base as unknown as MineTicket)).toEqual([{ at: 1, status: 'reported' }, { at: 2, status: 'accepted' }]);
  });
});
