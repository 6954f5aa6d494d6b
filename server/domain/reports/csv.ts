/**
 * The ticket list as CSV (RFC 4180): UTF-8 with a byte-order mark (so Excel reads the Chinese), CRLF line ends,
 * Chinese column headers in a stable order, every cell neutralised against formula injection. A full ticket fills
 * every column; a public ticket (outside the reader's scope) leaves the private ones empty. Pure.
 */
import { DAY_MS, SHANGHAI_OFFSET_MS, type TicketStatus } from '../../../shared/constants.js';
import type { PublicTicket, Ticket } from '../../../shared/schemas/ticket.js';
import { isoShanghai } from './period.js';

export const CSV_BOM = '\ufeff';
export const CSV_EOL = '\r\n';

const STATUS_NAMES: Record<TicketStatus, string> = {
  reported: '已上报', accepted: '已受理', dispatched: '已派遣', in_progress: '处置中', handled: '已办结反馈', returned: '已回退',
  closed: '已结案', evaluated: '已回访', rejected: '不予受理', merged: '已合并',
};

/** First characters a spreadsheet takes for a formula: = + - @, and a tab or a CR before one. */
const FORMULA_START = new Set([61, 43, 45, 64, 9, 13]);

/** A cell as written: what a spreadsheet would run as a formula (= + - @, a tab or a CR first) starts with '. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.has(s.charCodeAt(0))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (cells: readonly (string | number | boolean | null | undefined)[]): string => cells.map(csvCell).join(',') + CSV_EOL;

const days = new Map<number, string>();
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Local time in Asia/Shanghai as a spreadsheet reads it: 2023-10-01 08:00:00. The date is formatted once per day (a
 * year's export has ten times on each of 62,000 rows), the time of day by arithmetic.
 */
function time(t: number | null | undefined): string {
  if (t === null || t === undefined) return '';
  const local = t + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  let date = days.get(day);
  if (date === undefined) {
    if (days.size > 10_000) days.clear();
    days.set(day, (date = isoShanghai(day * DAY_MS - SHANGHAI_OFFSET_MS).slice(0, 10)));
  }
  const secs = Math.floor((local - day * DAY_MS) / 1000);
  return `${date} ${two(Math.floor(secs / 3600))}:${two(Math.floor(secs / 60) % 60)}:${two(secs % 60)}`;
}

type AnyTicket = Ticket | PublicTicket;
const full = (t: AnyTicket): Ticket | null => ('title' in t ? t : null);

/** The columns, in order: header, and the cell of a ticket (full or public). */
export const TICKET_COLUMNS: readonly { header: string; cell: (t: AnyTicket, categoryName: (code: string) => string) => string | number | null }[] = [
  { header: '编号', cell: (t) => t.id },
  { header: '状态', cell: (t) => STATUS_NAMES[t.status] },
  { header: '类别', cell: (t, name) => name(t.category) },
  { header: '类别编码', cell: (t) => t.category },
  { header: '层级', cell: (t) => t.tier },
  { header: '紧急', cell: (t) => (t.urgent ? '是' : '否') },
  { header: '承办单位', cell: (t) => t.handlingUnit },
  { header: '网格', cell: (t) => t.gridId },
  { header: '经度', cell: (t) => t.lng },
  { header: '纬度', cell: (t) => t.lat },
  { header: '上报时间', cell: (t) => time(t.reportedAt) },
  { header: '受理时间', cell: (t) => time(t.acceptedAt) },
  { header: '派遣时间', cell: (t) => time(t.dispatchedAt) },
  { header: '开始处置时间', cell: (t) => time(t.startedAt) },
  { header: '办结反馈时间', cell: (t) => time(t.handledAt) },
  { header: '结案时间', cell: (t) => time(t.closedAt) },
  { header: '回访时间', cell: (t) => time(t.evaluatedAt) },
  { header: '签收期限', cell: (t) => time(t.responseDueAt) },
  { header: '办结期限', cell: (t) => time(t.closeDueAt) },
  { header: '更新时间', cell: (t) => time(t.updatedAt) },
  { header: '渠道', cell: (t) => full(t)?.channel ?? null },
  { header: '上报人身份', cell: (t) => full(t)?.reporterRole ?? null },
  { header: '升级次数', cell: (t) => full(t)?.escalations ?? null },
  { header: '重办次数', cell: (t) => full(t)?.reworks ?? null },
  { header: '评价', cell: (t) => full(t)?.rating ?? null },
  { header: '合并至', cell: (t) => full(t)?.duplicateOf ?? null },
  { header: '标题', cell: (t) => full(t)?.title ?? null },
  { header: '描述', cell: (t) => full(t)?.description ?? null },
  { header: '地址', cell: (t) => full(t)?.address ?? null },
];

export const ticketCsvHeader = (): string => CSV_BOM + csvLine(TICKET_COLUMNS.map((c) => c.header));

export const ticketCsvLine = (t: AnyTicket, categoryName: (code: string) => string): string =>
  csvLine(TICKET_COLUMNS.map((c) => c.cell(t, categoryName)));
