import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.js';

describe('csv', () => {
  it('writes and reads back commas, quotes, line breaks and empty fields', () => {
    const rows = [['S1', '王, 斌', 'say "hi"', ''], ['S2', 'two\nlines', null, 7]] as const;
    const text = toCsv(['id', 'name', 'note', 'n'], rows);
    const t = parseCsv(text);
    expect(t.header).toEqual(['id', 'name', 'note', 'n']);
    expect(t.rows.map((r) => r.cells)).toEqual([['S1', '王, 斌', 'say "hi"', ''], ['S2', 'two\nlines', '', '7']]);
    // The second record starts on line 3 even though the first has no line break; the header is line 1.
    expect(t.rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('reads what spreadsheets write: a byte-order mark, CRLF line ends, blank lines', () => {
    const t = parseCsv('\uFEFFid,name\r\nS1,甲\r\n\r\nS2,乙\r\n');
    expect(t.header).toEqual(['id', 'name']);
    expect(t.rows).toEqual([{ line: 2, cells: ['S1', '甲'] }, { line: 4, cells: ['S2', '乙'] }]);
  });

  it('counts lines inside quoted fields, so a later row is named by its real line', () => {
    const t = parseCsv('id,address\nS1,"a\nb\nc"\nS2,x\n');
    expect(t.rows.map((r) => r.line)).toEqual([2, 5]);
  });

  it('says on which line a quoted field is never closed', () => {
    expect(() => parseCsv('id,name\nS1,"open\nS2,x\n')).toThrow('line 2: a quoted field is never closed');
  });
});
