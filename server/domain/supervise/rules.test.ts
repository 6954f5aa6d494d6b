import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS, TICKET_ACTIONS, type TicketAction, type TicketStatus } from '../../../shared/constants.js';
import { TRANSITIONS } from '../../../shared/lifecycle.js';
import { DEFAULT_RULES, levelAt, nextWorkingInstant, rank, type SupervisedTicket, type SuperviseLevel } from './rules.js';
import { createSuperviseIndex, subscriberHears, type NoticeRecord, type SubscriptionTarget } from './supervise-index.js';

const at = (iso: string) => Date.parse(iso);
const STOPPED: readonly TicketStatus[] = ['handled', 'closed', 'evaluated', 'merged', 'rejected'];
const CELL = '321171001002-03';

describe('working hours (08:30-17:30 Asia/Shanghai, weekdays)', () => {
  it('keeps an instant inside them and moves one outside to the next start', () => {
    expect(nextWorkingInstant(at('2023-10-18T12:00:00+08:00'))).toBe(at('2023-10-18T12:00:00+08:00')); // Wednesday noon
    expect(nextWorkingInstant(at('2023-10-18T07:00:00+08:00'))).toBe(at('2023-10-18T08:30:00+08:00'));
    expect(nextWorkingInstant(at('2023-10-20T17:30:00+08:00'))).toBe(at('2023-10-23T08:30:00+08:00')); // Friday evening -> Monday
    expect(nextWorkingInstant(at('2023-10-21T10:00:00+08:00'))).toBe(at('2023-10-23T08:30:00+08:00')); // Saturday
  });
});

describe('the levels of one ticket', () => {
  const t: SupervisedTicket = {
    id: 1, gridId: CELL, status: 'reported', handlingUnit: '丁卯社区', reportedAt: 0, responseDueAt: 2 * HOUR_MS,
    closeDueAt: 10 * HOUR_MS, closeFrom: 0, escalations: 0,
  };
  it('goes blue at 80% of its time, yellow unsigned past its response deadline, red past its closing one', () => {
    expect(levelAt(t, HOUR_MS)).toBeNull();
    expect(levelAt(t, 2 * HOUR_MS + 1)?.level).toBe('yellow');
    expect(levelAt({ ...t, status: 'accepted' }, 2 * HOUR_MS + 1)).toBeNull();
    expect(levelAt({ ...t, status: 'accepted' }, 8 * HOUR_MS)?.level).toBe('blue');
    expect(levelAt(t, 8 * HOUR_MS)?.level).toBe('yellow'); // yellow outranks blue
    expect(levelAt(t, 10 * HOUR_MS + 1)?.level).toBe('red');
    expect(levelAt({ ...t, status: 'in_progress', escalations: 1, closeFrom: 9 * HOUR_MS, closeDueAt: 20 * HOUR_MS }, 10 * HOUR_MS)?.level).toBe('escalated');
    for (const status of STOPPED) expect(levelAt({ ...t, status }, 30 * HOUR_MS)).toBeNull();
  });
});

/** Time passing, or an action of the lifecycle (taken only when it is allowed from the ticket's status). */
type Op = { kind: 'wait'; ms: number } | { kind: 'act'; action: TicketAction };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 30 * HOUR_MS }).map((ms): Op => ({ kind: 'wait', ms })) },
  { weight: 2, arbitrary: fc.constantFrom(...TICKET_ACTIONS).map((action): Op => ({ kind: 'act', action })) },
);
const SUBS: SubscriptionTarget[] = [
  { id: 1, scope: null, unit: null, levels: ['blue', 'yellow', 'red', 'escalated'], disabled: false },
  { id: 2, scope: '321171001', unit: null, levels: ['yellow', 'red', 'escalated'], disabled: false },
  { id: 3, scope: null, unit: '丁卯社区', levels: ['blue', 'yellow', 'red', 'escalated'], disabled: false },
  { id: 4, scope: '321171002', unit: null, levels: ['red'], disabled: false },
];

describe('the 督办 index (property)', () => {
  it('says nothing of a solved ticket, lets a higher level silence a lower one, and records each notice once', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 364 }), fc.array(opArb, { maxLength: 60 }),
      (respIdx, closeIdx, day, ops) => {
        const responseMs = [30, 120, 240][respIdx] * 60_000;
        const closeMs = [2, 24, 72][closeIdx] * HOUR_MS;
        let now = at('2023-01-01T00:00:00+08:00') + day * 24 * HOUR_MS;
        let t: SupervisedTicket = {
          id: 7, gridId: CELL, status: 'reported', handlingUnit: '丁卯社区', reportedAt: now, responseDueAt: now + responseMs,
          closeDueAt: now + closeMs, closeFrom: now, escalations: 0,
        };
        const seen = new Set<string>();
        const highestInCycle = new Map<number, number>();
        let recorded: NoticeRecord[] = [];
        const index = createSuperviseIndex({ subscriptions: () => SUBS, record: (rows) => { recorded.push(...rows); } });
        const check = () => {
          for (const r of recorded) {
            const key = `${r.ticketId}:${r.level}:${r.subscriptionId}:${r.cycle}:${r.round}`;
            expect(seen.has(key), `twice: ${key}`).toBe(false);
            seen.add(key);
            expect(STOPPED).not.toContain(t.status);
            // The notice is about the level that holds now: the highest one, never a lower one beside it.
            expect(r.level).toBe(levelAt(t, now)!.level);
            expect(subscriberHears(SUBS.find((s) => s.id === r.subscriptionId)!, t, r.level, DEFAULT_RULES)).toBe(true);
            // Red lasts for the rest of its deadline period: after it, never yellow or blue in that period. (Yellow
            // ends when the ticket is signed for, and then blue may follow; escalated ends when its new deadline passes.)
            const highest = highestInCycle.get(r.cycle) ?? -1;
            if (r.level !== 'escalated') expect(rank(r.level), `a ${r.level} notice after red in cycle ${r.cycle}`).toBeGreaterThanOrEqual(highest);
            if (r.level === 'red') highestInCycle.set(r.cycle, rank('red'));
          }
          recorded = [];
          const expected = levelAt(t, now)?.level ?? null;
          expect(index.levelOf(t.id)).toBe(expected);
          const counts = index.countsOf('321171');
          for (const c of ['red', 'yellow', 'blue'] as const) expect(counts[c]).toBe(expected === c ? 1 : 0);
        };
        index.changed(t, now);
        check();
        for (const op of ops) {
          if (op.kind === 'wait') {
            now += op.ms;
            index.advance(now);
          } else {
            const rule = TRANSITIONS[op.action];
            if (!rule.from.includes(t.status)) continue;
            t = op.action === 'escalate'
              ? { ...t, status: rule.to, escalations: t.escalations + 1, closeFrom: now, closeDueAt: now + closeMs }
              : { ...t, status: rule.to };
            index.changed(t, now);
          }
          check();
        }
      },
    ), { numRuns: 300 });
  });

  it('repeats red every 4 hours in working hours only, and a rebuild at a later instant records without sending twice', () => {
    const start = at('2023-10-20T09:00:00+08:00'); // a Friday
    const t: SupervisedTicket = {
      id: 9, gridId: CELL, status: 'in_progress', handlingUnit: '丁卯社区', reportedAt: start - 72 * HOUR_MS,
      responseDueAt: start - 70 * HOUR_MS, closeDueAt: start, closeFrom: start - 72 * HOUR_MS, escalations: 0,
    };
    const rows: NoticeRecord[] = [];
    const index = createSuperviseIndex({ subscriptions: () => [SUBS[0]], record: (r) => { rows.push(...r); } });
    index.rebuild([t], start - HOUR_MS, { quiet: true });
    for (let h = 0; h <= 80; h++) index.advance(start + h * HOUR_MS);
    const red = rows.filter((r) => r.level === 'red');
    const rounds = red.map((r) => [r.round, new Date(r.dueAt + 8 * HOUR_MS).toISOString().slice(0, 16)]);
    expect(rounds.slice(0, 4)).toEqual([[0, '2023-10-20T09:00'], [1, '2023-10-20T13:00'], [2, '2023-10-20T17:00'], [3, '2023-10-23T08:30']]);
    expect(red.every((r) => !r.quiet)).toBe(true);
    // A jump lands later: what holds there is recorded quietly, the round it is in, no catch-up of the rounds between.
    const jumped: NoticeRecord[] = [];
    const again = createSuperviseIndex({ subscriptions: () => [SUBS[0]], record: (r) => { jumped.push(...r); } });
    again.rebuild([t], start + 80 * HOUR_MS, { quiet: true });
    expect(jumped).toHaveLength(1);
    expect(jumped[0]).toMatchObject({ level: 'red', quiet: true, round: red.at(-1)!.round });
  });
});

describe('a live restart', () => {
  it('records the notices that fell due while the server was down, and none from before', () => {
    const down = at('2023-10-18T10:00:00+08:00');
    const base: SupervisedTicket = {
      id: 1, gridId: CELL, status: 'in_progress', handlingUnit: '丁卯社区', reportedAt: down - 72 * HOUR_MS,
      responseDueAt: down - 70 * HOUR_MS, closeDueAt: down - HOUR_MS, closeFrom: down - 72 * HOUR_MS, escalations: 0,
    };
    const wentRedWhileDown = { ...base, id: 2, closeDueAt: down + HOUR_MS, closeFrom: down - 71 * HOUR_MS };
    const rows: NoticeRecord[] = [];
    const index = createSuperviseIndex({ subscriptions: () => [SUBS[0]], record: (r) => { rows.push(...r); } });
    index.rebuild([base, wentRedWhileDown], down + 2 * HOUR_MS, { quiet: false, since: down });
    // Ticket 1 was red before the server went down (its notice was recorded then); ticket 2 went red while it was down.
    expect(rows.map((r) => [r.ticketId, r.level, r.quiet])).toEqual([[2, 'red', false]]);
  });
});

describe('levels (a sanity check of the rank order)', () => {
  it('orders blue < yellow < red < escalated', () => {
    const order: SuperviseLevel[] = ['blue', 'yellow', 'red', 'escalated'];
    expect(order.map(rank)).toEqual([0, 1, 2, 3]);
  });
});
