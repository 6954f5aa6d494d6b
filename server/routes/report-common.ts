import type { FastifyRequest } from 'fastify';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { scopeLevelOf } from '../../shared/scope.js';
import { reachOf } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import type { ReportDirectory } from '../domain/reports/indicators.js';
import type { RouteContext } from './context.js';

/**
 * The scope a report is asked for (default: the caller's reach), known and within reach, or 404 / 403 naming `scope`.
 * Every report route (the JSON, the workbook, the PDF, the print's breakdown) asks here, so they refuse alike.
 */
export function reportScopeOf(ctx: RouteContext, req: FastifyRequest, asked: string | undefined): string {
  const { authorizer } = ctx.auth;
  const principal = authorizer.principalOf(req)!;
  const scope = asked ?? reachOf(principal);
  const level = scopeLevelOf(scope);
  if (level === null || level === 'grid' || !ctx.live.hasScope(scope)) {
    throw new DomainError(404, 'unknown_scope', `Unknown scope "${scope}": a report covers the district (${DISTRICT_CODE}), a town or a village.`, 'scope');
  }
  authorizer.check(req, 'reports:read', scope);
  return scope;
}

/** What the reports look names and places up in: categories by code, each cell's place, towns' and villages' names. */
export function reportDirectoryOf(ctx: RouteContext): ReportDirectory {
  return {
    categories: new Map(ctx.categories.map((c) => [c.code, c])),
    places: ctx.places,
    names: new Map([...ctx.world.listTowns(), ...ctx.world.listVillages()].map((d) => [d.code, d.name])),
  };
}
