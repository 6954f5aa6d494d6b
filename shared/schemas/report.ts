import Type, { type Static } from 'typebox';
import { MONTH_PATTERN } from '../report-month.js';

const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);

/** How a report's rows are grouped: by town (街道), by village or community (村（社区）), or by handling unit (承办单位). */
export const REPORT_GROUPINGS = ['town', 'village', 'unit'] as const;
export type ReportBy = (typeof REPORT_GROUPINGS)[number];

/** The indicators the score weighs, in the order every report lists them. */
export const WEIGHTED_INDICATORS = ['acceptedOnTimeRate', 'closedOnTimeRate', 'satisfactionRate', 'returnRate', 'reworkRate'] as const;
export type WeightedIndicator = (typeof WEIGHTED_INDICATORS)[number];

/** The score's weights, 0..100 each (their sum need not be 100: the score divides by the weights that apply). */
const Weight = Type.Number({ minimum: 0, maximum: 100 });
export const ReportWeightsSchema = Type.Object({
  acceptedOnTimeRate: Weight,
  closedOnTimeRate: Weight,
  satisfactionRate: Weight,
  returnRate: Weight,
  reworkRate: Weight,
}, { additionalProperties: false });
export type ReportWeights = Static<typeof ReportWeightsSchema>;

/** The counts every rate is made of, so a reader can check any figure. */
export const ReportCountsSchema = Type.Object({
  acceptedOnTime: Count,
  closed: Count,
  closedOnTime: Count,
  closedLate: Count,
  openOverdue: Count,
  dispatches: Count,
  returns: Count,
  handled: Count,
  reworks: Count,
  ratings: Count,
  satisfied: Count,
});
export type ReportCounts = Static<typeof ReportCountsSchema>;

export const ReportRowSchema = Type.Object({
  /** Town or village code, or the handling unit's name (units have no code). */
  id: Type.String(),
  name: Type.String(),
  filed: Count,
  acceptedOnTimeRate: Rate,
  closedOnTimeRate: Rate,
  overdue: Count,
  returnRate: Rate,
  reworkRate: Rate,
  satisfactionRate: Rate,
  avgCloseHours: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
  /** 0..100, null when none of the weighted indicators has data. */
  score: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  counts: ReportCountsSchema,
});
export type ReportRow = Static<typeof ReportRowSchema>;

/** GET /api/reports/kpi. */
export const KpiReportSchema = Type.Object({
  scope: Type.Object({ id: Type.String(), name: Type.String() }),
  /** The period as asked: from inclusive, to exclusive, ISO 8601 with +08:00. */
  from: Type.String(),
  to: Type.String(),
  /** Where the figures stop: the period's end, or the clock when the period is not over yet. */
  asOf: Type.String(),
  by: Type.Enum(REPORT_GROUPINGS),
  weights: ReportWeightsSchema,
  /** The fewest tickets filed for a row to be ranked in the 红黑榜. */
  minFiledToRank: Count,
  totals: ReportRowSchema,
  rows: Type.Array(ReportRowSchema),
  /** 红榜: the best five ranked rows by score, best first; 黑榜: the worst five, worst first (ids of rows). */
  red: Type.Array(Type.String()),
  black: Type.Array(Type.String()),
});
export type KpiReport = Static<typeof KpiReportSchema>;

export const KpiQuerySchema = Type.Object({
  scope: Type.Optional(Type.String({ maxLength: 20 })),
  from: Type.String({ maxLength: 40 }),
  to: Type.String({ maxLength: 40 }),
  by: Type.Optional(Type.Enum(REPORT_GROUPINGS)),
});
export type KpiQuery = Static<typeof KpiQuerySchema>;

/** GET /api/reports/monthly.pdf: a scope (default: the caller's reach) and a month, YYYY-MM. */
export const MonthlyQuerySchema = Type.Object({
  scope: Type.Optional(Type.String({ maxLength: 20 })),
  month: Type.String({ pattern: MONTH_PATTERN }),
});

/** A file answer (the workbook, the CSV): bytes or a stream, never serialised; the schema only says what it is. */
export const fileBody = (what: string) => Type.Unsafe<unknown>({ description: what });
