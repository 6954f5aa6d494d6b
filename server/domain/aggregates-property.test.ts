import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_ACTIONS } from '../../shared/constants.js';
import { allowedActions } from '../../shared/lifecycle.js';
import { scopesOfCell } from '../../shared/scope.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { createRng, type Rng } from '../../fixtures/prng.js';
import { openDatabase, type Db } from '../storage/database.js';
import { createTicketRepository } from '../storage/ticket-repository.js';
import { createWorldRepository } from '../storage/world-repository.js';
import { smallWorld } from '../test/world.js';
import { countersFrom, kpiOf, seriesOf, ticketCountsOf } from './aggregates.js';
import { DomainError } from './errors.js';
import { createLiveState } from './live-state.js';
import { nullBroadcaster } from './ports.js';
import { buildScopeDirectory } from './scope-directory.js';
import { createTicketService } from './ticket-service.js';

/*
 * The property behind "aggregates are kept incrementally, never a GROUP BY": after any random run of filings,
 * transitions, refusals, failed writes and clock moves through the real ticket service on a real SQLite file, the live
 * aggregates equal a from-scratch recomputation over the tickets read back by REOPENING that file — what a restart
 * would see, not what the service's own cache remembers.
 */

const SEEDS = 15;
const STEPS = 400;
const HOUR = 3600_000;
let dir = '';
let template = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-aggregates-'));
  template = join(dir, 'world.db');
  const db = openDatabase(template);
  createWorldRepository(db).insertWorld(smallWorld());
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The live side as app.ts composes it, over a copy of the world file. */
function openService(path: string, clock: { now: number }) {
  const db = openDatabase(path);
  const world = createWorldRepository(db);
  const cells = world.listCells();
  const divisions = { districtName: '镇江经开区', towns: world.listTowns(), villages: world.listVillages(), cells };
  const directory = () => buildScopeDirectory({ ...divisions, organisation: [], branches: [], standings: [] });
  const live = createLiveState(directory());
  live.rebuild([], clock.now);
  const service = createTicketService({
    tickets: createTicketRepository(db), live, broadcaster: nullBroadcaster, clock: { now: () => clock.now },
    categories: new Map(world.listCategories().map((c) => [c.code, c])),
    places: new Map(cells.map((c) => [c.id, { villageName: c.villageCode, townName: c.townCode }])),
  });
  // Two towns, three villages: tickets collide in cells and sum up through every level.
  const towns = [...new Set(cells.map((c) => c.townCode))].slice(0, 2);
  const busy = towns.flatMap((t) => cells.filter((c) => c.townCode === t).slice(0, 3)).map((c) => c.id);
  const categories = world.listCategories().filter((c, i, all) => all.findIndex((o) => o.tier === c.tier) === i).map((c) => c.code);
  return { db, live, service, directory, busy, categories };
}

/** One random step: a filing, a transition (legal or not), or a write whose transaction fails. */
function step(rng: Rng, s: ReturnType<typeof openService>, filed: number, now: number): 'filed' | 'moved' | 'refused' | 'rolled back' {
  const failing = rng.chance(0.05);
  const boom = () => {
    throw new Error('disk full (simulated inside the transaction)');
  };
  try {
    if (filed === 0 || rng.next() < 0.3) {
      const cell = rng.pick(s.busy);
      s.service.fileTicket({
        category: rng.pick(s.categories), title: '路灯不亮', description: '', channel: 'mini_program', reporterRole: 'resident',
        urgent: rng.chance(0.2), gridId: cell, lng: 119.6, lat: 32.1, address: '',
      }, now, failing ? boom : undefined);
      return 'filed';
    }
    const id = rng.int(1, filed);
    const status = s.service.findTicket(id)!.status;
    const options = allowedActions(status);
    const action = options.length && rng.chance(0.9) ? rng.pick(options) : rng.pick([...TICKET_ACTIONS]);
    s.service.transition(id, {
      action, rating: action === 'evaluate' ? rng.int(1, 5) : undefined, duplicateOf: action === 'merge' ? rng.int(1, filed) : undefined,
    }, 'property-test', now, failing ? boom : undefined);
    return 'moved';
  } catch (err) {
    if (err instanceof DomainError) return 'refused';
    if (failing && (err as Error).message.startsWith('disk full')) return 'rolled back';
    throw err;
  }
}

describe('incremental aggregates', () => {
  it('equal a from-scratch recomputation over the tickets read back from the reopened SQLite file', () => {
    const outcomes = { filed: 0, moved: 0, refused: 0, 'rolled back': 0 };
    for (let seed = 1; seed <= SEEDS; seed++) {
      const path = join(dir, `seed-${seed}.db`);
      copyFileSync(template, path);
      const rng = createRng(seed);
      const clock = { now: Date.UTC(2023, 0, 1) };
      const s = openService(path, clock);
      let filed = 0;
      for (let i = 0; i < STEPS; i++) {
        clock.now += rng.int(0, 3) * rng.int(1, 90) * 60_000; // sometimes the same instant, sometimes hours later
        s.service.tick(clock.now);
        const outcome = step(rng, s, filed, clock.now);
        outcomes[outcome] += 1;
        if (outcome === 'filed') filed += 1;
      }
      clock.now += 3 * 24 * HOUR; // deadlines pass with no event at all
      s.service.tick(clock.now);
      s.db.close();

      const reopened: Db = openDatabase(path);
      const stored = createTicketRepository(reopened);
      const tickets: Ticket[] = stored.listTickets({ until: clock.now, limit: 1_000_000 });
      expect(tickets.map((t) => t.id).sort((a, b) => a - b), `seed ${seed}: every filing and only those`)
        .toEqual(Array.from({ length: filed }, (_, i) => i + 1));
      const scopes = [...s.directory().keys()];
      for (const scope of scopes) {
        const expected = countersFrom(tickets.filter((t) => scopesOfCell(t.gridId).includes(scope)), clock.now);
        const actual = s.live.countersOf(scope);
        expect(ticketCountsOf(actual, clock.now), `seed ${seed} scope ${scope}`).toEqual(ticketCountsOf(expected, clock.now));
        expect(kpiOf(actual), `seed ${seed} scope ${scope}`).toEqual(kpiOf(expected));
        expect(seriesOf(actual, clock.now), `seed ${seed} scope ${scope}`).toEqual(seriesOf(expected, clock.now));
      }
      // The start-up path (cells from the file, then summed upwards) lands on the same numbers.
      const rebuilt = createLiveState(s.directory());
      rebuilt.rebuild(stored.iterateCounted(), clock.now);
      for (const scope of scopes) expect(rebuilt.summary(scope), `rebuild seed ${seed} scope ${scope}`).toEqual(s.live.summary(scope));
      reopened.close();
    }
    // The runs really exercised every path, not only filings.
    expect(outcomes.moved).toBeGreaterThan(SEEDS * STEPS * 0.2);
    expect(outcomes.refused).toBeGreaterThan(SEEDS * 5);
    expect(outcomes['rolled back']).toBeGreaterThan(SEEDS * 5);
  });
});
