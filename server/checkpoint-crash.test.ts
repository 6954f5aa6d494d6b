import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { DISTRICT_CODE } from '../shared/constants.js';
import type { Summary } from '../shared/schemas/summary.js';
import { createLiveState } from './domain/live-state.js';
import { buildScopeDirectory } from './domain/scope-directory.js';
import { createTicketRepository } from './storage/ticket-repository.js';
import { createWorldRepository } from './storage/world-repository.js';
import { driveIntake, forkServer, loginAdmin, replayCommand, type ForkedServer } from './test/forked-server.js';

const dir = mkdtempSync(join(tmpdir(), 'moshao-checkpoint-crash-'));
const dbPath = join(dir, 'crash.db');
let server: ForkedServer | null = null;
afterAll(async () => {
  await server?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const getJson = async <T>(url: string): Promise<T> => (await fetch(url)).json() as Promise<T>;
const readOnly = <T>(fn: (db: Database.Database) => T): T => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
};

describe('a start after SIGKILL takes the last checkpoint back', () => {
  it('with the intake and the replay\'s transitions since, equal to a recount from the file', async () => {
    server = await forkServer(dbPath);
    const cells = readOnly((db) => db.prepare('SELECT id FROM grid_cells ORDER BY id').pluck().all() as string[]);
    // The first start counted every ticket; its first checkpoint follows within seconds.
    const generation = () => readOnly((db) => db.prepare('SELECT generation FROM aggregate_checkpoint').pluck().get() as number);
    for (let i = 0; i < 120 && generation() === 0; i++) await sleep(500);
    expect(generation()).toBeGreaterThan(0);
    // Then the server goes on: intake, and the replay at 600x moving tickets counted before the checkpoint along.
    const intake = driveIntake(server.base, cells, 'after-checkpoint', 2);
    await sleep(1500);
    await server.kill();
    const acked = (await intake.stop()).filter((a) => a.status === 201).length;
    const changed = readOnly((db) => db.prepare('SELECT count(*) FROM ticket_changes').pluck().get() as number);
    expect(acked).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(0);

    server = await forkServer(dbPath);
    expect(server.lines.find((l) => l.includes('aggregates '))).toMatch(/taken back from the last checkpoint/);
    const session = await loginAdmin(server.base);
    expect((await replayCommand(server.base, session, { action: 'pause' })).status).toBe(200);
    const summary = await getJson<Summary>(`${server.base}/api/summary?scope=${DISTRICT_CODE}`);
    await server.stop();
    server = null;

    readOnly((db) => {
      const world = createWorldRepository(db);
      const live = createLiveState(buildScopeDirectory({
        districtName: '镇江经开区', towns: world.listTowns(), villages: world.listVillages(), cells: world.listCells(),
        organisation: world.countOrganisationByCell(), branches: world.countBranchesByVillage(), standings: world.listCellStandings(),
      }));
      live.rebuild(createTicketRepository(db).iterateCounted(summary.clock), summary.clock);
      const expected = live.summary(DISTRICT_CODE);
      expect({ clock: summary.clock, tickets: summary.tickets, kpi: summary.kpi, series: summary.series })
        .toEqual({ clock: expected.clock, tickets: expected.tickets, kpi: expected.kpi, series: expected.series });
    });
  }, 600_000);
});
