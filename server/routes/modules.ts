import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { checkModuleEvent } from '../../shared/module-events.js';
import {
  MODULE_EVENT_FUTURE_SKEW_MS, MODULE_EVENTS_MAX_BODY_BYTES, ModuleEventAnswerSchema, ModuleEventBatchSchema, type ModuleEvent, type ModuleEventAnswer,
  type ModuleEventRejection,
} from '../../shared/schemas/modules.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { callerId } from '../auth/policy.js';
import { tallyOf } from '../domain/module-activity.js';
import type { NewModuleEventRow } from '../storage/module-event-repository.js';
import type { RouteContext } from './context.js';
import { bodyHash } from './idempotency.js';

interface Candidate {
  index: number;
  event: ModuleEvent;
  at: number;
  hash: string;
}

/**
 * POST /api/modules/events: 人车房物 facts from the systems that know them. Each event is checked on its own; the good
 * ones of a batch are written in one transaction and counted into the module aggregates together, the bad ones are
 * named by index, and a resent event (same id, same body) is a duplicate that changes nothing.
 */
export function moduleRoutes(ctx: RouteContext) {
  const { authorizer, intakeBudget } = ctx.auth;

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const guard = authorizer.guard('modules:report');
    // A batch costs one request of the caller's intake budget, whatever its size (the size is bounded by the schema).
    app.post('/api/modules/events', {
      onRequest: [guard.onRequest, intakeBudget], bodyLimit: MODULE_EVENTS_MAX_BODY_BYTES, schema: { body: ModuleEventBatchSchema, response: { 200: ModuleEventAnswerSchema, ...ErrorResponses } },
    }, async (req): Promise<ModuleEventAnswer> => {
      const caller = callerId(authorizer.principalOf(req)!);
      const rejected: ModuleEventRejection[] = [];
      const reject = (index: number, error: string, message: string, field?: string) =>
        rejected.push(field ? { index, error, message, field } : { index, error, message });

      // What needs neither the database nor the clock: the shape, the instant's spelling, the cell.
      const candidates: Candidate[] = [];
      req.body.events.forEach((input, index) => {
        const checked = checkModuleEvent(input);
        if (!checked.ok) return reject(index, checked.error, checked.message, checked.field);
        const { event, at } = checked;
        if (!ctx.cells.has(event.gridId)) return reject(index, 'unknown_grid', `Unknown grid cell "${event.gridId}".`, 'gridId');
        candidates.push({ index, event, at, hash: bodyHash(event) });
      });

      const outcome = await ctx.writes.run(() => {
        const now = ctx.service.actionTime();
        const late: ModuleEventRejection[] = [];
        const rows: NewModuleEventRow[] = [];
        const seen = new Map<string, string>();
        let duplicates = 0;
        for (const c of candidates) {
          if (c.at > now + MODULE_EVENT_FUTURE_SKEW_MS) {
            late.push({ index: c.index, error: 'in_future', field: 'at',
              message: `"at" is ${Math.round((c.at - now) / 60_000)} minutes after the server's clock (${new Date(now).toISOString()}); send events once they have happened.` });
            continue;
          }
          const earlier = seen.get(c.event.id) ?? ctx.moduleEvents.hashOf(caller, c.event.id);
          if (earlier === c.hash) {
            duplicates += 1;
          } else if (earlier !== null && earlier !== undefined) {
            late.push({ index: c.index, error: 'id_reused', field: 'id',
              message: `Event id "${c.event.id.slice(0, 40)}" was already used by you for another event; a new event needs a new id.` });
          } else {
            seen.set(c.event.id, c.hash);
            rows.push({ caller, event: c.event, at: c.at, bodyHash: c.hash, receivedAt: Date.now() });
          }
        }
        // SQLite first: a failing insert throws before the aggregates change.
        ctx.moduleEvents.insertAll(rows);
        ctx.broadcaster.scopesChanged(ctx.live.recordModules(rows.map((r) => tallyOf(r.event, r.at))), ['modules']);
        return { accepted: rows.length, duplicates, late, rows };
      });
      ctx.metrics.moduleEventsAccepted(outcome.rows.map((r) => r.event.type));
      // Counts and ids only: the sender's own event ids, never what the events say.
      req.log.info({ actor: caller, action: 'modules.report', accepted: outcome.accepted, duplicates: outcome.duplicates,
        rejected: rejected.length + outcome.late.length, ids: outcome.rows.map((r) => r.event.id) }, 'module events');
      rejected.push(...outcome.late);
      rejected.sort((a, b) => a.index - b.index);
      return { accepted: outcome.accepted, duplicates: outcome.duplicates, rejected };
    });
  };
}
