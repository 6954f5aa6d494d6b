import Type, { type Static } from 'typebox';

const Count = Type.Integer({ minimum: 0 });

/**
 * GET /api/reports/monthly: what the monthly print shows beside the indicators (server/domain/reports/monthly.ts has
 * the definitions): the month's daily trend, the category and tier breakdowns of what was filed, and 超期 per child
 * division of the scope, which shades the printed map.
 */
export const MonthlyBreakdownSchema = Type.Object({
  scope: Type.Object({ id: Type.String(), name: Type.String() }),
  month: Type.String(),
  /** The month as a period: from inclusive, to exclusive, ISO 8601 with +08:00; asOf where the figures stop. */
  from: Type.String(),
  to: Type.String(),
  asOf: Type.String(),
  /** One point per local day from the 1st to asOf: tickets reported, close events. */
  daily: Type.Array(Type.Object({ day: Type.String(), filed: Count, closed: Count })),
  /** Tickets filed per category, the largest first, the rest as one row coded `other` (其他, tier null). */
  categories: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), tier: Type.Union([Type.Integer({ minimum: 1, maximum: 3 }), Type.Null()]), filed: Count,
  })),
  /** Tickets filed in the month by the tier handling them at asOf (1 a district department, 2 the town, 3 the village). */
  tiers: Type.Array(Type.Object({ tier: Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]), filed: Count })),
  /** Of those, the tickets escalated at least once by asOf. */
  escalated: Count,
  /** The level of the scope's children: a district's towns, a town's villages, a village's grid cells. */
  childLevel: Type.Union([Type.Literal('town'), Type.Literal('village'), Type.Literal('grid')]),
  /** 超期 per child (every child listed, zeros included), by id. */
  children: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), overdue: Count })),
});
export type MonthlyBreakdown = Static<typeof MonthlyBreakdownSchema>;
