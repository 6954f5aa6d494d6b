import type { KpiReport, ReportBy } from '../../shared/schemas/report.js';
import { getJson, query } from './http.js';

/** GET /api/reports/kpi: a scope's indicators over [from, to), one row per town, village or unit. */
export const fetchKpi = (q: { scope: string | null; from: string; to: string; by: ReportBy }, signal?: AbortSignal): Promise<KpiReport> =>
  getJson<KpiReport>(`/api/reports/kpi${query(q)}`, signal);
