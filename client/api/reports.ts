import type { KpiReport, ReportBy } from '../../shared/schemas/report.js';
import { getJson, query, request, type FileAnswer } from './http.js';

/** GET /api/reports/kpi: a scope's indicators over [from, to), one row per town, village or unit. */
export const fetchKpi = (q: { scope: string | null; from: string; to: string; by: ReportBy }, signal?: AbortSignal): Promise<KpiReport> =>
  getJson<KpiReport>(`/api/reports/kpi${query(q)}`, signal);

/** Printing takes seconds, and waits its turn behind another print: longer than a JSON call may take. */
const PDF_TIMEOUT_MS = 150_000;

/** GET /api/reports/monthly.pdf: the month's report, printed by the server. */
export const fetchMonthlyPdf = (q: { scope: string; month: string }): Promise<FileAnswer> =>
  request<FileAnswer>('GET', `/api/reports/monthly.pdf${query(q)}`, { file: true, timeoutMs: PDF_TIMEOUT_MS });
