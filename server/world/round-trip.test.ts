import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../shared/schemas/summary.js';
import { openDatabase } from '../storage/database.js';
import { createWorldWriter } from '../storage/world-writer.js';
import { auth, testApp } from '../test/app.js';
import { exportWorldFiles } from './export-world.js';
import { WORLD_FILES } from './format.js';
import { readWorldSet } from './read-world.js';
import { exportWorld, importWorld } from './world-io.js';

/*
 * The whole door on real SQLite files: a demo database's world exported, imported into a fresh live database, and
 * served by a live server with the same organisation and standing numbers; a rejected set writes nothing; a
 * re-import replaces the world and keeps every ticket.
 */

const tmp = mkdtempSync(join(tmpdir(), 'moshao-world-'));
const demoDb = join(tmp, 'demo.db');
const liveDb = join(tmp, 'live.db');
const setDir = join(tmp, 'set');
/** Scopes compared: the district, 丁卯街道, 丁卯社区 and its first cell. */
const SCOPES = ['321171', '321171001', '321171001001', '321171001001-01'];

type Standing = { counts: Summary['counts']; standing: Omit<Summary['modules'], 'activity'> };
async function standingOf(app: FastifyInstance): Promise<Record<string, Standing>> {
  const out: Record<string, Standing> = {};
  for (const scope of SCOPES) {
    const res = await app.inject({ url: `/api/summary?scope=${scope}` });
    expect(res.statusCode).toBe(200);
    const s = res.json() as Summary;
    const { activity: _live, ...standing } = s.modules;
    out[scope] = { counts: s.counts, standing };
  }
  return out;
}

let demoStanding: Record<string, Standing>;
beforeAll(async () => {
  const demo = await testApp({ dbPath: demoDb });
  try {
    demoStanding = await standingOf(demo);
    await demo.moshao.replayer!.prepare(); // the timeline's background load, done before the file is closed
  } finally {
    await demo.close();
  }
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the district world through export and import', () => {
  it('a live database imported from the demo\'s export serves the demo\'s counts and standing numbers', async () => {
    const exported = exportWorld(demoDb, setDir);
    expect(exported).toMatchObject({ cells: 325, stations: 325 });
    expect(() => exportWorld(demoDb, setDir)).toThrow(/exists; export into an empty directory/);

    const imported = importWorld(liveDb, setDir);
    expect(imported).toEqual({ ok: true, created: true, totals: exported });
    const live = await testApp({ dbPath: liveDb, mode: 'live' });
    try {
      expect(await standingOf(live)).toEqual(demoStanding);
      expect(demoStanding['321171'].counts).toMatchObject({ towns: 5, villages: 61, gridCells: 325, serviceStations: 325 });
      expect((await live.inject('/api/health')).json()).toMatchObject({ mode: 'live', cells: 325 });
      const filed = await live.inject({
        method: 'POST', url: '/api/tickets', headers: auth,
        payload: { category: 'lamp', title: '路灯不亮', channel: 'resident', reporterRole: 'resident', gridId: '321171001001-02' },
      });
      expect(filed.statusCode).toBe(201);
    } finally {
      await live.close();
    }
    // And back out: the live database exports the very same files.
    const again = join(tmp, 'again');
    exportWorld(liveDb, again);
    for (const name of Object.values(WORLD_FILES)) {
      expect(readFileSync(join(again, name), 'utf8'), name).toBe(readFileSync(join(setDir, name), 'utf8'));
    }
  });

  it('a rejected set writes nothing, not even a new database file', () => {
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    for (const name of Object.values(WORLD_FILES)) writeFileSync(join(bad, name), readFileSync(join(setDir, name)));
    writeFileSync(join(bad, WORLD_FILES.staff), readFileSync(join(setDir, WORLD_FILES.staff), 'utf8').replace(/321171001001-03/g, '321171001001-77'));
    const target = join(tmp, 'never.db');
    const r = importWorld(target, bad);
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.problems[0]).toMatch(/^staff\.csv row \d+: unknown cell "321171001001-77"$/);
    expect(existsSync(target)).toBe(false);
  });

  it('a re-import replaces the world, keeps every ticket, and refuses to take away a cell that has tickets', async () => {
    const files = Object.fromEntries(Object.values(WORLD_FILES).map((n) => [n, readFileSync(join(setDir, n), 'utf8')]));
    const full = readWorldSet(files, liveDivisionsOf(liveDb));
    if (!full.ok) throw new Error(full.problems.join('\n'));
    // The set without 321171001001-02 (the cell of the ticket filed above) and with one household more in -01.
    const drop = (id: string) => ({
      ...full.set,
      cells: full.set.cells.filter((c) => c.id !== id).map((c) => (c.id === '321171001001-01' ? { ...c, households: c.households + 1 } : c)),
      stations: full.set.stations.filter((s) => s.gridId !== id),
      staff: full.set.staff.filter((s) => s.gridId !== id),
      cellStats: full.set.cellStats.filter((s) => s.gridId !== id),
    });
    const writeSet = (dir: string, set: ReturnType<typeof drop>) => {
      mkdirSync(dir);
      for (const [name, text] of Object.entries(exportWorldFiles(set))) writeFileSync(join(dir, name), text);
    };
    writeSet(join(tmp, 'without-02'), drop('321171001001-02'));
    const refused = importWorld(liveDb, join(tmp, 'without-02'));
    expect(refused).toEqual({ ok: false, problems: [expect.stringMatching(/^cells\.geojson: cell 321171001001-02 is missing, but 1 ticket is filed in it \(ticket \d+\)/)] });

    const before = await testApp({ dbPath: liveDb, mode: 'live' });
    const oldEtag = (await before.inject('/api/geo?level=grid')).headers.etag;
    const oldVersion = (await before.inject('/api/health')).json().geo.grid as string;
    await before.close();
    writeSet(join(tmp, 'without-03'), drop('321171001001-03'));
    expect(importWorld(liveDb, join(tmp, 'without-03'))).toMatchObject({ ok: true, created: false, totals: { cells: 324 } });
    const live = await testApp({ dbPath: liveDb, mode: 'live' });
    try {
      const district = (await live.inject('/api/summary')).json() as Summary;
      expect(district.counts.gridCells).toBe(324);
      expect(district.counts.households).toBe(demoStanding['321171'].counts.households + 1 - householdsOf(full.set, '321171001001-03'));
      expect(district.tickets.total).toBe(1);
      expect((await live.inject('/api/summary?scope=321171001001-03')).statusCode).toBe(404);
      // A wall's cached map is revalidated: the old geometry's tag no longer matches, the new one's answers 304.
      const geo = await live.inject({ url: '/api/geo?level=grid', headers: { 'if-none-match': String(oldEtag) } });
      expect(geo.statusCode).toBe(200);
      expect(geo.json().features).toHaveLength(324);
      expect(geo.headers['cache-control']).toBe('no-cache');
      const again = await live.inject({ url: '/api/geo?level=grid', headers: { 'if-none-match': String(geo.headers.etag) } });
      expect(again.statusCode).toBe(304);
      // The versioned URL a wall caches for good changes with the world: the old one is only revalidated now.
      const newVersion = (await live.inject('/api/health')).json().geo.grid as string;
      expect(newVersion).not.toBe(oldVersion);
      expect((await live.inject(`/api/geo?level=grid&v=${oldVersion}`)).headers['cache-control']).toBe('no-cache');
      const versioned = await live.inject(`/api/geo?level=grid&v=${newVersion}`);
      expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(versioned.json().features).toHaveLength(324);
    } finally {
      await live.close();
    }
  });
});

const householdsOf = (set: { cells: { id: string; households: number }[] }, id: string): number => set.cells.find((c) => c.id === id)!.households;

/** The divisions a database holds, read through the same writer the import uses. */
function liveDivisionsOf(dbPath: string) {
  const db = openDatabase(dbPath);
  try {
    return createWorldWriter(db).divisions();
  } finally {
    db.close();
  }
}
