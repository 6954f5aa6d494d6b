import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { getJson, query } from './http.js';

/** GET /api/reports/monthly: a month's daily trend, categories, tiers and 超期 per child division, for the print. */
export const fetchMonthlyBreakdown = (q: { scope: string | null; month: string }, signal?: AbortSignal): Promise<MonthlyBreakdown> =>
  getJson<MonthlyBreakdown>(`/api/reports/monthly${query(q)}`, signal);
