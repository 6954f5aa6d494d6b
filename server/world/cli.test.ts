import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { smallWorld } from '../test/world.js';
import { parseCsv, toCsv } from './csv.js';
import { exportWorldFiles } from './export-world.js';
import { WORLD_FILES } from './format.js';

/** `npm run world:import` and `npm run world:export` as a person runs them (without npm's own start-up). */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'moshao-world-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(script: string, dir: string, dbPath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, dir], {
      cwd: ROOT, env: { ...process.env, MOSHAO_DB: dbPath }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

function writeSet(dir: string, files: Record<string, string>): void {
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

describe('world:import and world:export commands', () => {
  const files = exportWorldFiles(smallWorld());
  const dbPath = join(tmp, 'live.db');

  it('prints every problem with its place, exits 1 and creates no database for a rejected set', async () => {
    const doc = JSON.parse(files[WORLD_FILES.cells]) as { features: { properties: { id: string }; geometry: unknown }[] };
    const f17 = doc.features[16];
    f17.geometry = { type: 'Polygon', coordinates: [[[119.6, 32.1], [119.61, 32.11], [119.61, 32.1], [119.6, 32.11], [119.6, 32.1]]] };
    const staff = parseCsv(files[WORLD_FILES.staff]);
    staff.rows[210].cells[1] = '321171001001-99';
    writeSet(join(tmp, 'bad'), {
      ...files, [WORLD_FILES.cells]: JSON.stringify(doc), [WORLD_FILES.staff]: toCsv(staff.header, staff.rows.map((r) => r.cells)),
    });
    const r = await run('server/world-import.ts', join(tmp, 'bad'), dbPath);
    expect(r.code).toBe(1);
    expect(r.output).toContain(`cells.geojson feature 17 (${f17.properties.id}): ring self-intersects`);
    expect(r.output).toContain('staff.csv row 212: unknown cell "321171001001-99"');
    expect(r.output).toContain(`nothing was written to ${dbPath}`);
    expect(existsSync(dbPath)).toBe(false);
  });

  it('loads a good set into a new database and exports the same files back', async () => {
    writeSet(join(tmp, 'good'), files);
    const imported = await run('server/world-import.ts', join(tmp, 'good'), dbPath);
    expect(imported.output).toContain('325 cells');
    expect(imported.code).toBe(0);
    const exported = await run('server/world-export.ts', join(tmp, 'out'), dbPath);
    expect(exported.code).toBe(0);
    for (const name of Object.values(WORLD_FILES)) expect(readFileSync(join(tmp, 'out', name), 'utf8'), name).toBe(files[name]);
  });
});
