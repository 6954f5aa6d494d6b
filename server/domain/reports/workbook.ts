/**
 * The report as an Excel workbook (exceljs): 总览 (the period, the headline figures, the weights), one sheet per grouping
 * (街道, 村（社区）, 承办单位) and the 红黑榜. Every sheet: the scope and period in a title row, a frozen header row,
 * rates as 0.0%, columns wide enough for Chinese names, A4 landscape one page wide. Made from the same KpiReport
 * objects the JSON route answers, so the scheduled files of a later step can reuse it as is.
 */
import ExcelJS from 'exceljs';
import { WEIGHTED_INDICATORS, type KpiReport, type ReportBy, type ReportRow } from '../../../shared/schemas/report.js';

/** Sheet names by grouping, and the columns of a grouping sheet (header, field, number format). */
export const SHEET_OF: Record<ReportBy, string> = { town: '街道', village: '村（社区）', unit: '承办单位' };
export const OVERVIEW_SHEET = '总览';
export const RANKING_SHEET = '红黑榜';

export const INDICATOR_NAMES: Record<(typeof WEIGHTED_INDICATORS)[number], string> = {
  acceptedOnTimeRate: '及时签收率', closedOnTimeRate: '按期办结率', satisfactionRate: '满意率', returnRate: '回退率', reworkRate: '重办率',
};

type RowField = Exclude<keyof ReportRow, 'counts'>;
export const ROW_COLUMNS: readonly { header: string; field: RowField; numFmt?: string }[] = [
  { header: '编号', field: 'id' },
  { header: '名称', field: 'name' },
  { header: '受理量', field: 'filed', numFmt: '0' },
  { header: '及时签收率', field: 'acceptedOnTimeRate', numFmt: '0.0%' },
  { header: '按期办结率', field: 'closedOnTimeRate', numFmt: '0.0%' },
  { header: '超期', field: 'overdue', numFmt: '0' },
  { header: '回退率', field: 'returnRate', numFmt: '0.0%' },
  { header: '重办率', field: 'reworkRate', numFmt: '0.0%' },
  { header: '满意率', field: 'satisfactionRate', numFmt: '0.0%' },
  { header: '平均办结时长（小时）', field: 'avgCloseHours', numFmt: '0.0' },
  { header: '综合得分', field: 'score', numFmt: '0.0' },
];
export const RANKING_COLUMNS = ['分组', '榜单', '名次', '编号', '名称', '受理量', '综合得分'] as const;

/** Display width of a text: a CJK or full-width character takes two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

const fmtDate = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
export const titleOf = (r: Pick<KpiReport, 'scope' | 'from' | 'to'>): string =>
  `${r.scope.name}（${r.scope.id}）考核报表\u3000${fmtDate(r.from)} 至 ${fmtDate(r.to)}（不含）`;

function setUp(ws: ExcelJS.Worksheet, title: string, columns: number, widths: number[]): void {
  ws.getCell(1, 1).value = title;
  ws.getCell(1, 1).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, columns);
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 2 }];
  ws.pageSetup = {
    paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2',
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  widths.forEach((w, i) => { ws.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2)); });
}

function header(ws: ExcelJS.Worksheet, names: readonly string[]): void {
  const row = ws.getRow(2);
  names.forEach((n, i) => { row.getCell(i + 1).value = n; });
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', horizontal: 'center' };
}

function groupSheet(wb: ExcelJS.Workbook, by: ReportBy, report: KpiReport): void {
  const ws = wb.addWorksheet(SHEET_OF[by]);
  const rows = [...report.rows, { ...report.totals, id: '合计', name: report.scope.name }];
  const widths = ROW_COLUMNS.map((c) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(String(r[c.field] ?? '')))));
  setUp(ws, titleOf(report), ROW_COLUMNS.length, widths);
  header(ws, ROW_COLUMNS.map((c) => c.header));
  rows.forEach((r, i) => {
    const row = ws.getRow(3 + i);
    ROW_COLUMNS.forEach((c, j) => {
      const cell = row.getCell(j + 1);
      cell.value = r[c.field];
      if (c.numFmt) cell.numFmt = c.numFmt;
    });
    if (i === rows.length - 1) row.font = { bold: true };
  });
}

function overviewSheet(wb: ExcelJS.Workbook, reports: Record<ReportBy, KpiReport>, first: KpiReport): void {
  const ws = wb.addWorksheet(OVERVIEW_SHEET);
  const t = first.totals;
  const lines: [string, string | number | null, string?][] = [
    ['范围', `${first.scope.name}（${first.scope.id}）`],
    ['统计期间（起）', fmtDate(first.from)],
    ['统计期间（止，不含）', fmtDate(first.to)],
    ['数据截至', fmtDate(first.asOf)],
    ['受理量', t.filed, '0'],
    ['及时签收率', t.acceptedOnTimeRate, '0.0%'],
    ['按期办结率', t.closedOnTimeRate, '0.0%'],
    ['超期', t.overdue, '0'],
    ['回退率', t.returnRate, '0.0%'],
    ['重办率', t.reworkRate, '0.0%'],
    ['满意率', t.satisfactionRate, '0.0%'],
    ['平均办结时长（小时）', t.avgCloseHours, '0.0'],
    ['综合得分', t.score, '0.0'],
    ['红黑榜排名门槛（受理量）', first.minFiledToRank, '0'],
    ...WEIGHTED_INDICATORS.map((k): [string, number, string] => [`权重：${INDICATOR_NAMES[k]}`, first.weights[k], '0.##']),
    ...(Object.keys(reports) as ReportBy[]).map((by): [string, number, string] => [`${SHEET_OF[by]}数`, reports[by].rows.length, '0']),
  ];
  setUp(ws, titleOf(first), 2, [Math.max(...lines.map((l) => displayWidth(l[0]))), Math.max(16, displayWidth(String(lines[0][1])))]);
  header(ws, ['项目', '数值']);
  lines.forEach(([label, value, numFmt], i) => {
    const row = ws.getRow(3 + i);
    row.getCell(1).value = label;
    row.getCell(2).value = value;
    if (numFmt) row.getCell(2).numFmt = numFmt;
  });
}

function rankingSheet(wb: ExcelJS.Workbook, reports: Record<ReportBy, KpiReport>, first: KpiReport): void {
  const ws = wb.addWorksheet(RANKING_SHEET);
  const lines: (string | number | null)[][] = [];
  for (const by of Object.keys(reports) as ReportBy[]) {
    const r = reports[by];
    const byId = new Map(r.rows.map((row) => [row.id, row]));
    for (const [list, ids] of [['红榜', r.red], ['黑榜', r.black]] as const) {
      ids.forEach((id, i) => {
        const row = byId.get(id)!;
        lines.push([SHEET_OF[by], list, i + 1, row.id, row.name, row.filed, row.score]);
      });
    }
  }
  const widths = RANKING_COLUMNS.map((h, j) => Math.max(displayWidth(h), ...lines.map((l) => displayWidth(String(l[j] ?? '')))));
  setUp(ws, `${titleOf(first)}\u3000红黑榜（受理量不少于 ${first.minFiledToRank} 件者参与排名）`, RANKING_COLUMNS.length, widths);
  header(ws, RANKING_COLUMNS);
  lines.forEach((l, i) => {
    const row = ws.getRow(3 + i);
    l.forEach((v, j) => { row.getCell(j + 1).value = v; });
    row.getCell(7).numFmt = '0.0';
    row.getCell(2).font = { bold: true, color: { argb: l[1] === '红榜' ? 'FFC00000' : 'FF000000' } };
  });
}

/** The workbook of one scope and period, from its report by each grouping (town, village and unit, in that order). */
export async function reportWorkbook(reports: Record<ReportBy, KpiReport>): Promise<Buffer> {
  const first = reports.town;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Moshao';
  wb.title = titleOf(first);
  overviewSheet(wb, reports, first);
  for (const by of Object.keys(reports) as ReportBy[]) groupSheet(wb, by, reports[by]);
  rankingSheet(wb, reports, first);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
