import type { KpiReport, ReportBy, ReportWeights } from '../../../shared/schemas/report.js';
import { asOfOf, computeIndicators, MIN_FILED_TO_RANK, type ReportDirectory, type ReportPeriod, type Tallied } from './indicators.js';
import { isoShanghai } from './period.js';

export interface ReportRequest<B extends ReportBy> {
  scope: { id: string; name: string };
  period: ReportPeriod;
  bys: readonly B[];
  weights: ReportWeights;
  /** Groups listed even when nothing happened in them (the towns or villages of the scope). */
  baseline: Partial<Record<ReportBy, readonly string[]>>;
}

/** The KpiReport of each grouping asked for, from the tally of one pass over the scope's event rows. Pure. */
export function kpiReports<B extends ReportBy>(tallied: Tallied, req: ReportRequest<B>, dir: ReportDirectory): Record<B, KpiReport> {
  const { totals, by } = computeIndicators(tallied, req.bys, dir, req.weights, req.scope, req.baseline);
  const out = {} as Record<B, KpiReport>;
  for (const b of req.bys) {
    const report: KpiReport = {
      scope: req.scope, from: isoShanghai(req.period.from), to: isoShanghai(req.period.to), asOf: isoShanghai(asOfOf(req.period)),
      by: b, weights: req.weights, minFiledToRank: MIN_FILED_TO_RANK, totals, ...by[b],
    };
    out[b] = report;
  }
  return out;
}
