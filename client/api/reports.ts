import type { KpiReport, ReportBy } from '../../shared/schemas/report.js';
import type { ReportFiles } from '../../shared/schemas/report-files.js';
import { getJson, query, request, type FileAnswer } from './http.js';

/** GET /api/reports/kpi: a scope's indicators over [from, to), one row per town, village or unit. */
export const fetchKpi = (q: { scope: string | null; from: string; to: string; by: ReportBy }, signal?: AbortSignal): Promise<KpiReport> =>
  getJson<KpiReport>(`/api/reports/kpi${query(q)}`, signal);

/** Printing takes seconds, and waits its turn behind another print: longer than a JSON call may take. */
const PDF_TIMEOUT_MS = 150_000;

/** GET /api/reports/monthly.pdf: the month's report, printed by the server. */
export const fetchMonthlyPdf = (q: { scope: string; month: string }): Promise<FileAnswer> =>
  request<FileAnswer>('GET', `/api/reports/monthly.pdf${query(q)}`, { file: true, timeoutMs: PDF_TIMEOUT_MS });

/** GET /api/reports/kpi.xlsx: a period's workbook; a district's year takes seconds, so the same long timeout. */
export const fetchKpiXlsx = (q: { scope: string; from: string; to: string }): Promise<FileAnswer> =>
  request<FileAnswer>('GET', `/api/reports/kpi.xlsx${query(q)}`, { file: true, timeoutMs: PDF_TIMEOUT_MS });

/** GET /api/reports/files: the monthly run's kept files of a scope and the scopes inside it, newest month first. */
export const fetchReportFiles = (scope: string, signal?: AbortSignal): Promise<ReportFiles> =>
  getJson<ReportFiles>(`/api/reports/files${query({ scope })}`, signal);
