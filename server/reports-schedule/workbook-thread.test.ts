import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { KpiReport, ReportRow } from '../../shared/schemas/report.js';
import { workbookInThread } from './workbook-thread.js';

const row = (id: string, name: string): ReportRow => ({
  id, name, filed: 12, acceptedOnTimeRate: 0.5, closedOnTimeRate: 0.75, overdue: 1, returnRate: 0, reworkRate: 0.1, satisfactionRate: 1, avgCloseHours: 5.5, score: 80.2,
  counts: { acceptedOnTime: 6, closed: 4, closedOnTime: 3, closedLate: 1, openOverdue: 0, dispatches: 10, returns: 0, handled: 10, reworks: 1, ratings: 2, satisfied: 2 },
});
const report = (by: KpiReport['by']): KpiReport => ({
  scope: { id: '321171001', name: '丁卯街道' }, from: '2023-06-01T00:00:00+08:00', to: '2023-07-01T00:00:00+08:00', asOf: '2023-07-01T00:00:00+08:00', by,
  weights: { acceptedOnTimeRate: 20, closedOnTimeRate: 30, satisfactionRate: 25, returnRate: 10, reworkRate: 15 }, minFiledToRank: 10,
  totals: row('321171001', '丁卯街道'), rows: [row('321171001003', '新茂社区')], red: ['321171001003'], black: [],
});

describe('the workbook in a worker thread', () => {
  it('answers the same workbook as the one the routes build, read back by exceljs', async () => {
    const bytes = await workbookInThread({ town: report('town'), village: report('village'), unit: report('unit') });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['总览', '街道', '村（社区）', '承办单位', '红黑榜']);
    expect(wb.getWorksheet('村（社区）')!.getRow(3).getCell(2).value).toBe('新茂社区');
  }, 60_000);
});
