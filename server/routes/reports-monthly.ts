import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { monthBounds } from '../../shared/report-month.js';
import { childLevelOf, scopeLevelOf } from '../../shared/scope.js';
import { MonthlyQuerySchema } from '../../shared/schemas/report.js';
import { MonthlyBreakdownSchema, type MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { DomainError } from '../domain/errors.js';
import { asOfOf } from '../domain/reports/indicators.js';
import { createBreakdown } from '../domain/reports/monthly.js';
import { isoShanghai, parsePeriod } from '../domain/reports/period.js';
import type { ReportRepository } from '../storage/report-repository.js';
import type { RouteContext } from './context.js';
import { reportDirectoryOf, reportScopeOf } from './report-common.js';

/**
 * GET /api/reports/monthly: the monthly print's breakdown of a scope's month (daily trend, categories, tiers, 超期 per
 * child division). The same reach and refusals as GET /api/reports/kpi, and the same one read of the event rows.
 */
export function monthlyBreakdownRoutes(ctx: RouteContext, reports: ReportRepository) {
  const dir = reportDirectoryOf(ctx);
  // Read once, as the other report routes do: a request then runs no statement but the events' read.
  const towns = ctx.world.listTowns().map((t) => t.code);
  const villages = ctx.world.listVillages().map((v) => v.code);
  const childrenOf = (scope: string): { level: MonthlyBreakdown['childLevel']; ids: string[] } => {
    const level = childLevelOf(scopeLevelOf(scope)!) as MonthlyBreakdown['childLevel'];
    const inside = (code: string) => code.startsWith(scope) && code !== scope;
    const ids = level === 'town' ? towns : level === 'village' ? villages : [...ctx.cells.keys()];
    return { level, ids: ids.filter(inside) };
  };
  const cellNames = new Map([...ctx.cells.values()].map((c) => [c.id, c.name]));

  /** The breakdown of a scope already checked (known, within the caller's reach) over a month (YYYY-MM). */
  const breakdownFor = async (scope: string, month: string): Promise<MonthlyBreakdown> => {
    const bounds = monthBounds(month);
    if (!bounds) throw new DomainError(400, 'invalid_query', `Query "month" must be a month as YYYY-MM, e.g. 2023-10.`, 'month');
    const clock = ctx.clockNow();
    const period = { ...parsePeriod(bounds, clock), clock };
    const children = childrenOf(scope);
    const breakdown = createBreakdown({ period, scope, children: children.ids }, dir);
    await reports.forEachEventRow(scope === DISTRICT_CODE ? null : scope, period, breakdown.add);
    const b = breakdown.finish();
    const ref = ctx.live.summary(scope).scope;
    return {
      scope: { id: ref.id, name: ref.name }, month, from: isoShanghai(period.from), to: isoShanghai(period.to), asOf: isoShanghai(asOfOf(period)),
      ...b,
      childLevel: children.level,
      // Cells have no entry in the directory of towns and villages: their own names.
      children: children.level === 'grid' ? b.children.map((c) => ({ ...c, name: cellNames.get(c.id) ?? c.id })) : b.children,
    };
  };

  const plugin = async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get('/api/reports/monthly', {
      ...ctx.auth.authorizer.guard('reports:read'),
      schema: { querystring: MonthlyQuerySchema, response: { 200: MonthlyBreakdownSchema, ...ErrorResponses } },
    }, async (req): Promise<MonthlyBreakdown> => {
      const { month } = req.query;
      // The month first, then the scope: the refusals come in the order they always did.
      if (!monthBounds(month)) throw new DomainError(400, 'invalid_query', `Query "month" must be a month as YYYY-MM, e.g. 2023-10.`, 'month');
      return breakdownFor(reportScopeOf(ctx, req, req.query.scope), month);
    });
  };
  /** The monthly run's print reads its scope's breakdown through breakdownFor, with no request (routes/reports.ts). */
  return Object.assign(plugin, { breakdownFor });
}
