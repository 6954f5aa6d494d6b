import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DAY_MS, DISTRICT_CODE, REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../shared/constants.js';
import type { Summary } from '../shared/schemas/summary.js';
import { createLiveState } from './domain/live-state.js';
import { buildScopeDirectory } from './domain/scope-directory.js';
import { createTicketRepository } from './storage/ticket-repository.js';
import { rowsOffTheTimeline } from './test/timeline-on-disk.js';
import { createWorldRepository } from './storage/world-repository.js';
import {
  cellFor, driveIntake, forkServer, loginAdmin, postTicket, replayCommand, type AdminSession, type ForkedServer, type IntakeAnswer,
} from './test/forked-server.js';

const KILLS = 20;
const dir = mkdtempSync(join(tmpdir(), 'moshao-crash-'));
const dbPath = join(dir, 'crash.db');
let server: ForkedServer | null = null;
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

/** A small seeded generator, so that a failing run can be repeated with CRASH_SEED. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const getJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;

/** What the aggregates must be, computed from the file alone with the server's own pure functions. */
function recompute(db: Database.Database, at: number) {
  const world = createWorldRepository(db);
  const directory = buildScopeDirectory({
    districtName: '镇江经开区', towns: world.listTowns(), villages: world.listVillages(), cells: world.listCells(),
    organisation: world.countOrganisationByCell(), branches: world.countBranchesByVillage(), standings: world.listCellStandings(),
  });
  const live = createLiveState(directory);
  live.rebuild(createTicketRepository(db).iterateCounted(at), at);
  return live;
}

/** Seeks again and again (1 to 3 days each, forwards or backwards) until the kill; tells whether one was under way. */
function keepSeeking(base: string, session: AdminSession, rand: () => number) {
  let inFlight = false;
  const next = async (): Promise<void> => {
    inFlight = true;
    try {
      const { clock } = await getJson<{ clock: number }>(`${base}/api/replay`);
      const step = Math.round((1 + 2 * rand()) * DAY_MS) * (rand() < 0.5 ? -1 : 1);
      const to = Math.min(REPLAY_YEAR_END_MS, Math.max(REPLAY_YEAR_START_MS, clock + step));
      const res = await replayCommand(base, session, { action: 'seek', to });
      inFlight = false;
      // One seek per caller every 2 s: wait as the server says, then seek again.
      if (res.status === 429) await sleep(Number(res.headers.get('retry-after') ?? 2) * 1000);
      if (res.status === 200 || res.status === 429) return next();
    } catch {
      // The kill cut the seek off: what it replayed so far is committed by the day, or not at all.
    }
  };
  void next();
  return { inFlight: () => inFlight };
}

const comparable = (s: Summary) => ({ clock: s.clock, counts: s.counts, tickets: s.tickets, kpi: s.kpi, series: s.series });

describe('crash safety of the real server (SIGKILL during intake and replay seeks)', () => {
  it(`keeps every acknowledged ticket, creates nothing twice and stays consistent over ${KILLS} kills`, async () => {
    const started = Date.now();
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const rand = random(seed);
    const why = `(CRASH_SEED=${seed})`;

    // The first start generates the demo world into the file; every later start reuses it.
    server = await forkServer(dbPath);
    const ro = new Database(dbPath, { readonly: true });
    const cells = (ro.prepare('SELECT id FROM grid_cells ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    ro.close();
    // The session lives in SQLite, so one login serves every restart.
    const session = await loginAdmin(server.base);

    const acked = new Map<string, number>();
    const unanswered = new Set<string>();
    let seeksCut = 0;
    for (let kill = 1; kill <= KILLS; kill++) {
      if (kill > 1) server = await forkServer(dbPath);
      const intake = driveIntake(server.base, cells, `k${kill}`, 4);
      if (kill % 2 === 0) {
        // Half of the kills land while forward seeks replay days of the plan (one transaction per day), back to back.
        const seeks = keepSeeking(server.base, session, rand);
        await sleep(80 + 400 * rand());
        if (seeks.inFlight()) seeksCut += 1;
      } else {
        await sleep(50 + 450 * rand());
      }
      expect(server.exitedByItself(), `server died by itself before kill ${kill} ${why}:\n${server.output()}`).toBe(false);
      await server.kill();
      for (const a of await intake.stop()) {
        if (a.status === 201) acked.set(a.key, a.id!);
        else if (a.status === 'no-answer') unanswered.add(a.key);
        else throw new Error(`unexpected answer ${a.status} for ${a.key} ${why}`);
      }
    }

    // The file exactly as the last kill left it: sound, and holding everything that was acknowledged.
    const killed = new Database(dbPath, { readonly: true });
    try {
      expect(killed.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(killed.pragma('foreign_key_check')).toEqual([]);
      const one = (sql: string, ...p: unknown[]) => killed.prepare(sql).pluck().get(...p);
      // Every acknowledged ticket is there, with its report event, its audit entry and its key.
      const row = killed.prepare(`SELECT t.title,
          (SELECT count(*) FROM ticket_events e WHERE e.ticket_id = t.id AND e.action = 'report') AS reports,
          (SELECT k.key FROM idempotency_keys k WHERE k.ticket_id = t.id) AS key
        FROM tickets t WHERE t.id = ? AND t.ref IS NULL`);
      const audited = new Map<string, number>();
      for (const target of killed.prepare("SELECT target FROM audit_log WHERE action = 'ticket.create'").pluck().all() as string[]) {
        audited.set(target, (audited.get(target) ?? 0) + 1);
      }
      for (const [key, id] of acked) {
        expect(row.get(id), `${key} ${why}`).toEqual({ title: `路灯不亮 ${key}`, reports: 1, key });
        expect(audited.get(`ticket:${id}`), key).toBe(1);
      }
      // The replay's saved position matches its committed work: every ticket row is the timeline's state there (or,
      // for a jump cut short, at its start or its end: the next start finishes it).
      expect(rowsOffTheTimeline(killed).slice(0, 5), why).toEqual([]);
      expect(one('SELECT count(*) FROM tickets WHERE ref IS NOT NULL'), why).toBe(one('SELECT count(*) FROM replay_plan'));
    } finally {
      killed.close();
    }

    // The server must come back and answer every retry from what SQLite kept.
    server = await forkServer(dbPath);
    const retried: IntakeAnswer[] = [];
    const keys = [...acked.keys(), ...unanswered];
    for (let i = 0; i < keys.length; i += 16) {
      retried.push(...await Promise.all(keys.slice(i, i + 16).map((k) => postTicket(server!.base, k, cellFor(k, cells)))));
    }
    for (const r of retried) {
      if (acked.has(r.key)) {
        expect({ key: r.key, status: r.status, id: r.id }, why).toEqual({ key: r.key, status: 200, id: acked.get(r.key) });
      } else {
        // Cut off before the answer: written or not, never both; a retry now either finds it or files it once.
        expect([200, 201], `${r.key} ${why}`).toContain(r.status);
      }
    }
    const pause = await replayCommand(server.base, session, { action: 'pause' });
    expect(pause.status).toBe(200);
    const summary = await getJson<Summary>(`${server.base}/api/summary?scope=${DISTRICT_CODE}`);
    const measures = await getJson<Record<string, { open: number; overdue: number; total: number }>>(`${server.base}/api/cells/measures`);
    expect(server.exitedByItself(), server.output()).toBe(false);
    await server.stop();
    server = null;

    const db = new Database(dbPath, { readonly: true });
    try {
      const one = (sql: string, ...p: unknown[]) => db.prepare(sql).pluck().get(...p);
      // Nothing twice: one intake ticket, one key and one audit entry for each key ever sent.
      const intakeTickets = one('SELECT count(*) FROM tickets WHERE ref IS NULL') as number;
      expect(intakeTickets, why).toBe(keys.length);
      expect(one('SELECT count(DISTINCT title) FROM tickets WHERE ref IS NULL')).toBe(keys.length);
      expect(one('SELECT count(*) FROM idempotency_keys')).toBe(keys.length);
      expect(one("SELECT count(*) FROM audit_log WHERE action = 'ticket.create'")).toBe(keys.length);
      // What the restarted server showed equals a recomputation from the file at the paused clock.
      const live = recompute(db, summary.clock);
      expect(comparable(summary), why).toEqual(comparable(live.summary(DISTRICT_CODE)));
      for (const id of cells) {
        const c = live.countersOf(id);
        expect(measures[id], id).toEqual({ open: c.open, overdue: c.overdue, total: c.total });
      }
      expect(summary.tickets.total).toBe(one('SELECT count(*) FROM tickets WHERE reported_at <= ?', summary.clock));

      const seconds = (Date.now() - started) / 1000;
      console.info(`crash safety: ${KILLS} kills (${seeksCut} during a seek), ${acked.size} acknowledged, ${unanswered.size} cut off, `
        + `lost 0, duplicated 0, ${intakeTickets} intake + ${summary.tickets.total - intakeTickets} replayed tickets, ${seconds.toFixed(1)} s ${why}`);
      expect(seeksCut, 'most seek rounds must be killed inside a seek').toBeGreaterThanOrEqual(KILLS / 4);
    } finally {
      db.close();
    }
    // About a minute alone on two cores; 21 server starts take several when other test files share the cores.
  }, 600_000);
});
