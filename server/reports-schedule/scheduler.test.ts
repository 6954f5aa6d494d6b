import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileKey } from './due.js';
import { createReportFileStore, type ReportFileStore } from './file-store.js';
import { Cron } from 'croner';
import { createReportScheduler, MONTHLY_CRON, REPORTS_TIMEZONE } from './scheduler.js';

let dir: string;
let store: ReportFileStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-report-run-'));
  store = createReportFileStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A scheduler on a clock the test moves, whose maker records what it made and answers when the test says so. */
function harness(fail?: (key: FileKey) => boolean, mode: 'demo' | 'live' = 'demo') {
  let clock = Date.parse('2023-10-17T09:30:00+08:00');
  const makes: string[] = [];
  let open = 0;
  let most = 0;
  const scheduler = createReportScheduler({
    mode, now: () => clock, firstMonth: '2023-01', scopes: ['321171', '321171001'], store, log: () => undefined,
    make: async (key) => {
      open++;
      most = Math.max(most, open);
      await new Promise((r) => setTimeout(r, 1));
      open--;
      if (fail?.(key)) throw new Error('no Chromium');
      makes.push(`${key.scope}/${key.month}.${key.format}`);
      return Buffer.from(key.format);
    },
  });
  return { scheduler, makes, set: (iso: string) => { clock = Date.parse(iso); }, most: () => most };
}

describe('the monthly run', () => {
  it('makes the due month\'s files one at a time, and a check while it runs queues nothing', async () => {
    const h = harness();
    const first = h.scheduler.runDue();
    expect(await h.scheduler.runDue()).toBeNull(); // busy: not queued
    const r = await first;
    expect(r?.month).toBe('2023-09');
    expect(h.makes).toEqual(['321171/2023-09.xlsx', '321171/2023-09.pdf', '321171001/2023-09.xlsx', '321171001/2023-09.pdf']);
    expect(h.most()).toBe(1);
    expect(await h.scheduler.runDue()).toBeNull(); // made
    expect((await store.list('321171')).length).toBe(4);
  });

  it('a replay racing across several 1sts makes only the latest due month, and skips files already there', async () => {
    const h = harness();
    await store.write({ scope: '321171', month: '2023-11', format: 'xlsx' }, Buffer.from('kept'));
    h.set('2023-12-05T00:00:00+08:00');
    const r = await h.scheduler.runDue();
    expect(r?.month).toBe('2023-11');
    expect(h.makes).toEqual(['321171/2023-11.pdf', '321171001/2023-11.xlsx', '321171001/2023-11.pdf']);
  });

  it('in the demo, follows the replay\'s clock: nothing for where it starts, the month it plays across into, one run at a time', async () => {
    const h = harness();
    expect(await h.scheduler.check()).toBeNull(); // the first look, on 17 October: September is left on demand
    h.set('2023-10-31T23:00:00+08:00');
    expect(await h.scheduler.check()).toBeNull();
    h.set('2023-11-01T06:00:00+08:00');
    const crossing = h.scheduler.check();
    h.set('2023-12-01T06:30:00+08:00'); // a fast replay: the next 1st passes while October is being made
    expect(await h.scheduler.check()).toBeNull(); // busy: skipped, not queued
    expect((await crossing)?.month).toBe('2023-10');
    expect((await h.scheduler.check())?.month).toBe('2023-11');
    h.set('2023-03-15T00:00:00+08:00'); // the replay loops or someone seeks back
    expect(await h.scheduler.check()).toBeNull();
    expect(h.makes.filter((m) => m.endsWith('.pdf'))).toEqual(['321171/2023-10.pdf', '321171001/2023-10.pdf', '321171/2023-11.pdf', '321171001/2023-11.pdf']);
    expect(h.most()).toBe(1);
  });

  it('logs a file that fails and goes on with the others; the month counts as run until the next start', async () => {
    const h = harness((key) => key.format === 'pdf');
    const r = await h.scheduler.runDue();
    expect(r?.failed.map((f) => f.key.format)).toEqual(['pdf', 'pdf']);
    expect(h.makes).toEqual(['321171/2023-09.xlsx', '321171001/2023-09.xlsx']);
    expect(await h.scheduler.runDue()).toBeNull();
  });

  it('live, fires at 06:00 on the 1st in Shanghai (22:00 UTC the day before), and at start makes a month it missed', async () => {
    const next = new Cron(MONTHLY_CRON, { timezone: REPORTS_TIMEZONE, paused: true }).nextRun(new Date('2023-10-17T01:30:00Z'));
    expect(next?.toISOString()).toBe('2023-10-31T22:00:00.000Z');
    const h = harness(undefined, 'live');
    h.scheduler.start();
    await new Promise((r) => setTimeout(r, 50));
    await h.scheduler.stop();
    expect(h.makes).toContain('321171/2023-09.xlsx');
  });
});
