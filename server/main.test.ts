import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPILED_MAIN, ensureServerBuilt, REPO_ROOT, serverBuildIsFresh } from '../scripts/build-server.js';
import { startServerProcess, type ServerProcess } from '../scripts/server-process.js';
import { defaultClientDir } from './client-dir.js';

/*
 * The compiled server as `npm start` runs it: node on dist/server/server/main.js, a fresh SQLite file (the world is
 * generated at first start, which needs the copied migrations and fixture data), a system-chosen port, SIGTERM to stop.
 */
describe('compiled server (dist/server)', () => {
  let dir: string;
  let server: ServerProcess | null = null;

  beforeAll(() => {
    ensureServerBuilt();
    dir = mkdtempSync(join(tmpdir(), 'moshao-compiled-'));
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is fresh once built, and main.js is plain JavaScript next to its migrations and fixture data', () => {
    expect(serverBuildIsFresh()).toBe(true);
    expect(existsSync(COMPILED_MAIN)).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'dist/server/server/storage/migrations/001-world.sql'))).toBe(true);
    expect(existsSync(join(REPO_ROOT, 'dist/server/fixtures/data/zhenjiang-districts.geojson'))).toBe(true);
  });

  it('finds dist/client at the repo root from the source and from the compiled location', () => {
    const expected = join(REPO_ROOT, 'dist', 'client');
    expect(defaultClientDir(new URL('./client-dir.ts', import.meta.url))).toBe(expected);
    expect(defaultClientDir(new URL('../dist/server/server/client-dir.js', import.meta.url))).toBe(expected);
  });

  it('starts on a new database, generates the world, answers /api/health and stops cleanly on SIGTERM', async () => {
    const db = join(dir, 'moshao.db');
    server = await startServerProcess({ entry: 'compiled', timeoutMs: 180_000, env: {
      MOSHAO_DB: db,
      MOSHAO_MODE: 'demo',
      MOSHAO_INTAKE_TOKEN: 'compiled-test-intake-token',
      MOSHAO_ADMIN_PASSWORD: 'Compiled-Test-Pass-7',
      // Start at the year's beginning: nothing of the year to apply, so the first start is the world alone.
      MOSHAO_REPLAY_FROM: 'start',
    } });
    const base = server.base;

    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'demo' });
    // The world came from the fixtures (their GeoJSON) into the SQLite file through the migrations.
    const towns = (await (await fetch(`${base}/api/geo?level=town`)).json()) as { features: unknown[] };
    expect(towns.features.length).toBeGreaterThan(0);
    expect(statSync(db).size).toBeGreaterThan(0);
    expect(server.lines.some((l) => l.startsWith('moshao: fixture world ready in'))).toBe(true);

    // Deep links are the client's when dist/client is built; otherwise a 404 that says so, never a path under dist/server.
    const page = await fetch(`${base}/drill`);
    if (existsSync(join(REPO_ROOT, 'dist/client/index.html'))) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
    } else {
      expect(page.status).toBe(404);
      expect(((await page.json()) as { message: string }).message).toContain('client is not built');
    }

    expect(await server.stop()).toBe(0);
    expect(server.lines.at(-1)).toContain('SIGTERM: closing');
    server = null;
    // The first start generates the world: a minute or more when other test files share the two cores.
  }, 240_000);
});

describe('serverBuildIsFresh', () => {
  it('is fresh only when the finished build is newer than every source', () => {
    const root = mkdtempSync(join(tmpdir(), 'moshao-fresh-'));
    try {
      const source = join(root, 'server', 'storage', 'migrations', '001-world.sql');
      const stamp = join(root, 'dist', 'server', 'built-at');
      mkdirSync(join(source, '..'), { recursive: true });
      writeFileSync(source, 'CREATE TABLE t (x);\n');
      const at = (path: string, s: number) => utimesSync(path, new Date(s * 1000), new Date(s * 1000));
      for (const dir of ['server/storage/migrations', 'server/storage', 'server']) at(join(root, dir), 1_000);
      at(source, 1_000);
      expect(serverBuildIsFresh(root)).toBe(false); // never built (or a build that stopped before its stamp)

      mkdirSync(join(stamp, '..'), { recursive: true });
      writeFileSync(stamp, '');
      at(stamp, 2_000);
      expect(serverBuildIsFresh(root)).toBe(true);

      at(source, 3_000); // a migration edited after the build
      expect(serverBuildIsFresh(root)).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
