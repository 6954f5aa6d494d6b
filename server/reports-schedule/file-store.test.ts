import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReportFileStore, type ReportFileStore } from './file-store.js';

let dir: string;
let store: ReportFileStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'moshao-report-files-'));
  store = createReportFileStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the kept report files', () => {
  it('writes <scope>/<month>.<format> and lists it with its size, leaving no temporary file behind', async () => {
    await store.write({ scope: '321171001', month: '2023-10', format: 'xlsx' }, Buffer.from('PK workbook'));
    expect(readFileSync(join(dir, '321171001', '2023-10.xlsx'), 'utf8')).toBe('PK workbook');
    expect(readdirSync(join(dir, '321171001'))).toEqual(['2023-10.xlsx']);
    const [file] = await store.list('321171');
    expect(file).toMatchObject({ scope: '321171001', month: '2023-10', format: 'xlsx', bytes: 11 });
    expect(store.has({ scope: '321171001', month: '2023-10', format: 'xlsx' })).toBe(true);
    expect(store.has({ scope: '321171001', month: '2023-10', format: 'pdf' })).toBe(false);
  });

  it('never lists a half-written file (a crash leaves only the temporary name) nor anything off the grammar', async () => {
    mkdirSync(join(dir, '321171001'));
    writeFileSync(join(dir, '321171001', '.2023-10.pdf.0a1b2c.tmp'), '%PDF half');
    writeFileSync(join(dir, '321171001', 'notes.txt'), 'x');
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, 'etc', '2023-10.pdf'), 'x');
    expect(await store.list('321171')).toEqual([]);
    expect(store.has({ scope: '321171001', month: '2023-10', format: 'pdf' })).toBe(false);
  });

  it('lists a town\'s own files for the town, the district\'s and every town\'s for the district, newest month first', async () => {
    for (const [scope, month] of [['321171', '2023-09'], ['321171001', '2023-09'], ['321171002', '2023-10'], ['321171001', '2023-10']] as const) {
      await store.write({ scope, month, format: 'pdf' }, Buffer.from('%PDF'));
    }
    expect((await store.list('321171001')).map((f) => `${f.scope}/${f.month}`)).toEqual(['321171001/2023-10', '321171001/2023-09']);
    expect((await store.list('321171')).map((f) => `${f.scope}/${f.month}`)).toEqual(['321171001/2023-10', '321171002/2023-10', '321171/2023-09', '321171001/2023-09']);
  });

  it('refuses names off the grammar before touching the disk', async () => {
    expect(store.pathOf({ scope: '../etc', month: '2023-10', format: 'pdf' })).toBeNull();
    expect(store.pathOf({ scope: '321171', month: '2023-13', format: 'pdf' })).toBeNull();
    expect(store.pathOf({ scope: '321171001003-01', month: '2023-10', format: 'pdf' })).toBeNull();
    expect(store.pathOf({ scope: '321171', month: '2023-10', format: 'exe' as 'pdf' })).toBeNull();
    await expect(store.write({ scope: '..', month: '2023-10', format: 'pdf' }, Buffer.from('x'))).rejects.toThrow(/not a report file/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
