import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DISTRICT_CODE } from '../../shared/constants.js';
import type { KpiReport } from '../../shared/schemas/report.js';
import type { ReportFiles } from '../../shared/schemas/report-files.js';
import { loginAs, TEST_TOWN, testApp } from '../../server/test/app.js';
import { ensureClientBuilt } from './build-client.js';
import { describeInChromium } from './guard.js';
import { REPO_ROOT } from './harness.js';

/** The demo stands just past 06:00 on 1 July 2023: June has fallen due. */
const CLOCK = Date.parse('2023-07-01T06:30:00+08:00');

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: bytes, useSystemFonts: false });
  const doc = await task.promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join('').replace(/\s+/g, '');
  }
  await task.destroy();
  return text;
}

describeInChromium('the monthly run, printing with no caller', () => {
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moshao-kept-'));
    app = await testApp({ replayFrom: { at: CLOCK, always: true }, clientDir: ensureClientBuilt(REPO_ROOT), reports: { dir } });
    await app.listen({ port: 0, host: '127.0.0.1' });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes June\'s workbook and PDF for the district and each town, with the JSON\'s figures, and lists them', async () => {
    const run = await app.moshao.reportSchedule!.runDue();
    expect(run?.failed).toEqual([]);
    expect(run?.month).toBe('2023-06');
    const scopes = [...new Set(run!.made.map((k) => k.scope))];
    expect(scopes[0]).toBe(DISTRICT_CODE);
    expect(scopes).toContain(TEST_TOWN);
    expect(run!.made.length).toBe(scopes.length * 2);
    // Nothing half-written is left beside the files.
    expect(readdirSync(join(dir, TEST_TOWN)).sort()).toEqual(['2023-06.pdf', '2023-06.xlsx']);

    // The print read the month's figures through the in-process answer: the same as a supervisor's JSON.
    const town = await loginAs(app, 'town');
    const json = (await app.inject({ method: 'GET', url: `/api/reports/kpi?scope=${TEST_TOWN}&from=2023-06-01&to=2023-07-01&by=village`, headers: town })).json() as KpiReport;
    const text = await pdfText(new Uint8Array(readFileSync(join(dir, TEST_TOWN, '2023-06.pdf'))));
    expect(text).toContain(`${json.scope.name}考核月报`);
    expect(text).toContain(`受理量${json.totals.filed}`);
    for (const row of json.rows) expect(text).toContain(`${row.id}${row.name}${row.filed}`);

    const listed = (await app.inject({ method: 'GET', url: '/api/reports/files', headers: town })).json() as ReportFiles;
    expect(listed.items.map((f) => `${f.scope}/${f.month}.${f.format}`).sort()).toEqual([`${TEST_TOWN}/2023-06.pdf`, `${TEST_TOWN}/2023-06.xlsx`]);
    const pdf = await app.inject({ method: 'GET', url: listed.items.find((f) => f.format === 'pdf')!.url, headers: town });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // Run again: the month is made; nothing is printed twice.
    expect(await app.moshao.reportSchedule!.runDue()).toBeNull();
  }, 300_000);
});

describeInChromium('the monthly run in a playing demo', () => {
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moshao-kept-'));
    // Two hours before 1 November 06:00; the run is started as main.ts starts it (on listen).
    app = await testApp({
      replayFrom: { at: Date.parse('2023-11-01T04:00:00+08:00'), always: true }, clientDir: ensureClientBuilt(REPO_ROOT), reports: { dir, schedule: true },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  }, 240_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes October\'s files when the replay\'s clock plays across 1 November 06:00, and nothing for where it started', async () => {
    await app.moshao.replayer!.command({ action: 'speed', speed: 7200 });
    await app.moshao.replayer!.command({ action: 'play' });
    const listed = async () => ((await app.inject({ method: 'GET', url: '/api/reports/files', headers: await loginAs(app, 'admin') })).json() as ReportFiles).items;
    // Waits for the run (a few prints), not a timing assertion: it fails only if the files never come.
    const deadline = Date.now() + 240_000;
    let items = await listed();
    while (Date.now() < deadline && !items.some((f) => f.scope === TEST_TOWN && f.format === 'pdf')) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      items = await listed();
    }
    expect(app.moshao.now()).toBeGreaterThan(Date.parse('2023-11-01T06:00:00+08:00'));
    expect(items.filter((f) => f.scope === TEST_TOWN).map((f) => `${f.month}.${f.format}`).sort()).toEqual(['2023-10.pdf', '2023-10.xlsx']);
    expect(items.every((f) => f.month === '2023-10')).toBe(true);
  }, 300_000);
});
