import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../test/app.js';
import { makeTicket } from '../test/ticket-factory.js';
import { createAuditRepository } from './audit-repository.js';
import type { Db } from './database.js';
import { createModuleEventRepository } from './module-event-repository.js';
import { createTicketRepository, TICKETS_EXAMINED_MAX, type TicketFilter } from './ticket-repository.js';

/**
 * No request may cost a scan of a table that grows: every statement the ticket, audit and module-event repositories
 * prepare is explained (EXPLAIN QUERY PLAN), and a list statement for every combination of the filters GET
 * /api/tickets and Open311 search allow. A plan step `SCAN <table>` (the whole table, or the whole of one of its
 * indexes) fails, except for the statements listed in FULL_READS with why. The plans do not depend on the table's size:
 * the list statements pin their index (INDEXED BY / NOT INDEXED), the others have one obvious index.
 */

const BIG_TABLES = ['tickets', 'ticket_events', 'module_events', 'audit_log', 'idempotency_keys'];

/** Statements that read a whole table on purpose, never on a request's path. */
const FULL_READS: { sql: RegExp; why: string }[] = [
  { sql: /WHERE \+reported_at <= \?$/, why: 'start-up / rollback rebuild of the live aggregates: every ticket is counted' },
  { sql: /WHERE status NOT IN .* AND \+reported_at <= \?$/, why: 'the clock tick re-counts the open tickets (in memory otherwise)' },
];

/** The Db, recording the text of every statement prepared through it. */
function recording(db: Db): { db: Db; seen: Set<string> } {
  const seen = new Set<string>();
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => { seen.add(sql); return target.prepare(sql); };
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: proxy, seen };
}

/** The full scans in a statement's plan (any value bound: the plans here depend on no value). */
function fullScans(db: Db, sql: string): string[] {
  const params = Array<null>((sql.match(/\?/g) ?? []).length).fill(null);
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan.map((p) => p.detail).filter((d) => BIG_TABLES.some((t) => d === `SCAN ${t}` || d.startsWith(`SCAN ${t} `)));
}

/** Every combination of the filters a list request may carry: none, one value, several values of each. */
function* filterCombinations(cells: string[], until: number): Generator<TicketFilter> {
  const lists = <T>(one: T, several: T[]) => [undefined, [one], several];
  for (const grid of [{}, { gridPrefix: '321171001' }, { gridIds: [cells[0]] }, { gridIds: cells.slice(0, 3) }])
    for (const statuses of lists('merged', ['merged', 'closed']))
      for (const tiers of lists(1, [1, 3]))
        for (const categories of lists('road', ['road', 'lamp']))
          for (const open of [undefined, true, false])
            for (const overdueAt of [undefined, until])
              for (const range of [{}, { from: 0, to: until }])
                for (const beforeId of [undefined, 1e6])
                  yield { ...grid, statuses, tiers, categories, open, overdueAt, ...range, beforeId, until, limit: 50 };
}

let app: FastifyInstance;
let cells: string[];

beforeAll(async () => {
  app = await testApp();
  cells = app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 3').pluck().all() as string[];
});
afterAll(async () => {
  await app.close();
});

describe('request-path statements', () => {
  it('never scan a big table, for any filter combination a list allows', () => {
    const { db, seen } = recording(app.moshao.db);
    const tickets = createTicketRepository(db);
    const audit = createAuditRepository(db);
    createModuleEventRepository(db);
    const until = Date.UTC(2024, 0, 1);
    let lists = 0;
    for (const f of filterCombinations(cells, until)) {
      tickets.listTicketsPage(f);
      lists += 1;
    }
    for (const action of [undefined, 'ticket.create'] as const)
      for (const beforeId of [undefined, 10]) audit.listAudit({ action, beforeId, limit: 50 });

    const scans = [...seen]
      .filter((sql) => !FULL_READS.some((r) => r.sql.test(sql.replace(/\s+/g, ' ').trim())))
      .map((sql) => ({ sql: sql.replace(/\s+/g, ' ').slice(0, 160), scans: fullScans(app.moshao.db, sql) }))
      .filter((s) => s.scans.length > 0);
    expect(lists).toBeGreaterThan(2000);
    // Two list statements per combination at most (the page, the window's end): many distinct texts were explained.
    expect(seen.size).toBeGreaterThan(100);
    expect(scans).toEqual([]);
  });

  it('the exceptions are really whole-table reads (a stale exception would hide nothing)', () => {
    const { db, seen } = recording(app.moshao.db);
    createTicketRepository(db);
    const excepted = [...seen].filter((sql) => FULL_READS.some((r) => r.sql.test(sql.replace(/\s+/g, ' ').trim())));
    expect(excepted).toHaveLength(FULL_READS.length);
    for (const sql of excepted) expect(fullScans(app.moshao.db, sql)).not.toEqual([]);
  });
});

describe('a list whose filter matches nothing', () => {
  it('reads one window of rows per page, answers short with the cursor to go on, and finds every match by the end', () => {
    const db = app.moshao.db;
    const tickets = createTicketRepository(db);
    const [category] = db.prepare('SELECT code FROM categories LIMIT 1').pluck().all() as string[];
    // More tickets than one window holds, none of them matching: a closed tier-3 ticket is never "merged, tier 1 or 2"
    // (two values of each: the list walks the primary key, not a one-value index).
    tickets.transaction(() => {
      for (let i = 0; i < TICKETS_EXAMINED_MAX * 1.5; i += 1) tickets.insertTicket(makeTicket({ category, gridId: cells[0], status: 'closed', tier: 3 }));
    });
    const filter = { statuses: ['merged', 'rejected'], tiers: [1, 2], until: Number.MAX_SAFE_INTEGER, limit: 50 };
    const expected = db.prepare("SELECT id FROM tickets WHERE status IN ('merged', 'rejected') AND tier IN (1, 2) ORDER BY id DESC").pluck().all();
    const total = db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;

    const first = tickets.listTicketsPage(filter);
    const maxId = db.prepare('SELECT max(id) FROM tickets').pluck().get() as number;
    expect(first).toEqual({ items: [], nextCursor: maxId - TICKETS_EXAMINED_MAX + 1 });

    const found: number[] = [];
    let cursor: number | null | undefined;
    let pages = 0;
    do {
      const page = tickets.listTicketsPage({ ...filter, beforeId: cursor ?? undefined });
      expect(page.items.length).toBeLessThanOrEqual(filter.limit);
      found.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 100);

    expect(found).toEqual(expected);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(total / TICKETS_EXAMINED_MAX));
  });
});
