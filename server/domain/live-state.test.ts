import { describe, expect, it } from 'vitest';
import { TICKET_ACTIONS } from '../../shared/constants.js';
import { allowedActions } from '../../shared/lifecycle.js';
import { scopesOfCell } from '../../shared/scope.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { createRng } from '../../fixtures/prng.js';
import { makeTicket } from '../test/ticket-factory.js';
import { countersFrom, kpiOf, seriesOf, ticketCountsOf } from './aggregates.js';
import { createLiveState } from './live-state.js';
import { buildScopeDirectory } from './scope-directory.js';
import { reduceTicket } from './ticket-reducer.js';

const CELLS = ['321171102004-01', '321171102004-02', '321171102009-01', '321171001001-01'];
const directory = () =>
  buildScopeDirectory({
    districtName: '镇江经开区',
    towns: [{ code: '321171102', name: '丁岗镇' }, { code: '321171001', name: '丁卯街道' }],
    villages: [
      { code: '321171102004', name: '新茂社区', townCode: '321171102' },
      { code: '321171102009', name: '心湖社区', townCode: '321171102' },
      { code: '321171001001', name: '丁卯社区', townCode: '321171001' },
    ],
    cells: CELLS.map((id) => ({ id, name: id, villageCode: id.slice(0, 12), townCode: id.slice(0, 9), households: 100 })),
    organisation: [], branches: [], standings: [],
  });

const rule = { responseMinutes: 60, closeHours: 24 };

describe('incremental aggregates', () => {
  it('equal a from-scratch recomputation after any random sequence of filings, transitions and clock moves', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const rng = createRng(seed);
      const live = createLiveState(directory());
      const tickets = new Map<number, Ticket>();
      let now = Date.UTC(2023, 0, 1);
      live.rebuild([], now);
      for (let step = 0; step < 400; step++) {
        now += rng.int(0, 3) * rng.int(1, 90) * 60_000; // sometimes the same instant, sometimes hours later
        live.advance(now);
        const roll = rng.next();
        if (roll < 0.3 || tickets.size === 0) {
          const id = tickets.size + 1;
          const t = makeTicket({
            id, reportedAt: now, updatedAt: now, gridId: rng.pick(CELLS), urgent: rng.chance(0.2), category: rng.pick(['lamp', 'road']),
            tier: rng.pick([1, 2, 3] as const), responseDueAt: now + 60 * 60_000, closeDueAt: now + 24 * 3600_000,
          });
          tickets.set(id, t);
          live.applyChange(null, t);
        } else {
          const t = tickets.get(rng.int(1, tickets.size))!;
          const options = allowedActions(t.status);
          const action = options.length ? rng.pick(options) : rng.pick([...TICKET_ACTIONS]);
          const r = reduceTicket(t, { action, at: now, rating: rng.int(1, 5) }, rule, (tier) => `u${tier}`);
          if (!r.ok) continue;
          tickets.set(t.id, r.ticket);
          live.applyChange(t, r.ticket);
        }
      }
      now += 3 * 24 * 3600_000; // let deadlines pass with no events at all
      live.advance(now);
      for (const scope of ['321171', '321171102', '321171102004', ...CELLS]) {
        const mine = [...tickets.values()].filter((t) => scopesOfCell(t.gridId).includes(scope));
        const expected = countersFrom(mine, now);
        const actual = live.countersOf(scope);
        expect(ticketCountsOf(actual, now), `seed ${seed} scope ${scope}`).toEqual(ticketCountsOf(expected, now));
        expect(kpiOf(actual)).toEqual(kpiOf(expected));
        expect(seriesOf(actual, now)).toEqual(seriesOf(expected, now));
      }
      // The start-up path (cells first, then summed upwards) lands on the same numbers.
      const rebuilt = createLiveState(directory());
      rebuilt.rebuild(tickets.values(), now);
      for (const scope of ['321171', '321171102', '321171102004', ...CELLS]) {
        expect(rebuilt.summary(scope), `rebuild seed ${seed} scope ${scope}`).toEqual(live.summary(scope));
      }
    }
  });

  it('counts a ticket as overdue when the clock passes its closing deadline, with no event', () => {
    const live = createLiveState(directory());
    const t0 = Date.UTC(2023, 0, 1);
    live.rebuild([], t0);
    const t = makeTicket({ reportedAt: t0, status: 'accepted', acceptedAt: t0, closeDueAt: t0 + 3600_000 });
    live.applyChange(null, t);
    expect(live.summary('321171').tickets.overdue).toBe(0);
    const changed = live.advance(t0 + 3600_000 + 1);
    expect(changed.has('321171102004-01')).toBe(true);
    expect(live.summary('321171').tickets.overdue).toBe(1);
    expect(live.summary('321171001').tickets.overdue).toBe(0);
  });
});
