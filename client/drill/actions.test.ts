import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../shared/constants.js';
import type { User } from '../../shared/schemas/auth.js';
import { actionNeeds, actionsFor } from './actions.js';
import { makeTicket } from './test-fixtures.js';


const user = (role: User['role'], townCode: string | null = null): User => ({ id: 1, username: 'u', role, townCode, townName: null });
const dingmao = user('town', '321171001');
const dagang = user('town', '321171100');

describe('actionsFor', () => {
  it('follows the lifecycle for each status', () => {
    const cases: [TicketStatus, string[]][] = [
      ['reported', ['accept', 'reject', 'merge']],
      ['accepted', ['dispatch', 'merge']],
      ['dispatched', ['return', 'start', 'merge']],
      ['in_progress', ['return', 'handle', 'merge']],
      ['handled', ['close', 'rework', 'merge']],
      ['returned', ['dispatch', 'merge']],
      ['closed', ['evaluate']],
      ['evaluated', []],
      ['rejected', []],
      ['merged', []],
    ];
    // Tier 1: escalation is tested on its own below.
    for (const [status, expected] of cases) expect(actionsFor(makeTicket({ status, tier: 1 }), dingmao)).toEqual(expected);
  });

  it('offers escalation only below tier 1', () => {
    expect(actionsFor(makeTicket({ status: 'accepted', tier: 2 }), dingmao)).toContain('escalate');
    expect(actionsFor(makeTicket({ status: 'dispatched', tier: 3 }), user('district'))).toContain('escalate');
    expect(actionsFor(makeTicket({ status: 'accepted', tier: 1 }), dingmao)).not.toContain('escalate');
  });

  it('gives nothing to viewers, strangers and supervisors of another town', () => {
    const open = makeTicket({ status: 'reported' });
    expect(actionsFor(open, user('viewer'))).toEqual([]);
    expect(actionsFor(open, null)).toEqual([]);
    expect(actionsFor(open, dagang)).toEqual([]);
    expect(actionsFor(open, user('town', null))).toEqual([]);
    expect(actionsFor(open, user('district'))).toEqual(['accept', 'reject', 'merge']);
    expect(actionsFor(open, user('admin'))).toEqual(['accept', 'reject', 'merge']);
  });

  it("takes the server's list when there is one", () => {
    expect(actionsFor(makeTicket({ status: 'reported' }), dingmao, ['accept'])).toEqual(['accept']);
    expect(actionsFor(makeTicket({ status: 'reported' }), dingmao, [])).toEqual([]);
    expect(actionsFor(makeTicket({ status: 'reported' }), dingmao, null)).toEqual(['accept', 'reject', 'merge']);
  });

  it('asks for a rating to evaluate and a ticket to merge into', () => {
    expect(actionNeeds('evaluate')).toBe('rating');
    expect(actionNeeds('merge')).toBe('duplicate');
    expect(actionNeeds('accept')).toBeNull();
  });
});
