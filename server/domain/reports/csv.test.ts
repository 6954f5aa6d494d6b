import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.js';
import { parseBound } from './period.js';

describe('CSV cells', () => {
  it('neutralise what a spreadsheet would run: = + - @, a tab or a CR first', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) expect(csvCell(s).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    expect(csvCell('a=1')).toBe('a=1');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });

  it('quote the RFC 4180 way, and read back to the same values', () => {
    const values = ['逗号,在内', '引号"在内', '换行\r\n在内', '普通', '', "=cmd|' /C calc'!A0"];
    const line = csvLine(values);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line.startsWith('"逗号,在内","引号""在内","换行\r\n在内",普通,,')).toBe(true);
    expect(parse(line)).toEqual([[...values.slice(0, 5), "'=cmd|' /C calc'!A0"]]);
  });
});

describe('period bounds', () => {
  it('read a date as midnight in Asia/Shanghai and a date-time by its own zone; anything else names the field', () => {
    expect(parseBound('2023-10-01', 'from')).toBe(Date.parse('2023-10-01T00:00:00+08:00'));
    expect(parseBound('2023-10-01T08:00:00Z', 'to')).toBe(Date.parse('2023-10-01T16:00:00+08:00'));
    for (const bad of ['2023-02-30', '2023-10-01T08:00:00', '1696118400000', 'yesterday']) {
      expect(() => parseBound(bad, 'to')).toThrow(expect.objectContaining({ status: 400, field: 'to' }));
    }
  });
});
