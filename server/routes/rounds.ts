import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { scopeLevelOf } from '../../shared/scope.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import {
  MyRoundsQuerySchema, MyRoundsSchema, RoundsBodySchema, RoundsListSchema, RoundsQuerySchema, RoundsRecordedSchema, type RoundItem,
} from '../../shared/schemas/reporters.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { callerId, type AccountPrincipal, type ReporterBinding } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import { checkRoundItems, firstDayOf, ROUND_DEVICE_NAME, ROUND_FAULT_CATEGORY, roundEvents, shanghaiDate } from '../domain/rounds.js';
import type { RouteContext } from './context.js';

/** What a page of rounds keeps of each item: no photos (they live with the fault's ticket). */
type StoredItem = Pick<RoundItem, 'device' | 'result' | 'note'>;

/**
 * 民情记录本: a central household's daily rounds (lift, gas pipe, hydrant, water pipe, the reminder visits). A page
 * records its devices as 人车房物 events through the module-event service and files a ticket for each fault, all in one
 * write; supervisors see who has done the day's rounds.
 */
export function roundRoutes(ctx: RouteContext) {
  const { authorizer, audit } = ctx.auth;
  const repo = ctx.auth.reporterRepo;
  const today = () => shanghaiDate(ctx.clockNow());

  /** The caller's binding, when it is a central household's account. */
  const householdOf = (req: FastifyRequest): { me: AccountPrincipal; binding: ReporterBinding } => {
    const me = authorizer.principalOf(req) as AccountPrincipal;
    if (!me.reporter || me.reporter.staffRole !== 'central_household') {
      throw new DomainError(403, 'not_central_household', 'Only a central household (中心户) keeps a 民情记录本.');
    }
    return { me, binding: me.reporter };
  };

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/api/rounds', {
      ...authorizer.guard('rounds:record'), schema: { body: RoundsBodySchema, response: { 201: RoundsRecordedSchema, ...ErrorResponses } },
    }, async (req, reply) => {
      const { me, binding } = householdOf(req);
      const { date, items } = req.body;
      if (date !== today()) throw new DomainError(400, 'not_today', `Rounds are recorded on their day: today is ${today()} (Asia/Shanghai, the server's clock).`, 'date');
      checkRoundItems(items);
      const cell = ctx.cells.get(binding.gridId);
      if (!cell) throw new DomainError(409, 'no_cell', `Your grid cell ${binding.gridId} is not in the world any more; ask your supervisor.`);
      const already = () => new DomainError(409, 'already_recorded', `Your rounds of ${date} are recorded already; a day is recorded once.`, 'date');
      if (repo.hasRound(binding.staffId, date)) throw already();
      const caller = callerId(me);
      const filed: Ticket[] = [];
      await ctx.writes.run(() => {
        if (repo.hasRound(binding.staffId, date)) throw already();
        const at = ctx.service.actionTime();
        // The events first: their ids are the household's and the day's, so a page already counted is refused here,
        // before any ticket is filed.
        const events = ctx.moduleEventService.reportWithin(caller, roundEvents(items, { staffId: binding.staffId, date, gridId: binding.gridId, at }));
        if (events.rejected.length > 0) throw new DomainError(409, 'already_recorded', `Your rounds of ${date} are recorded already (${events.rejected[0].message}).`, 'date');
        for (const item of items.filter((i) => i.result === 'fault')) {
          const category = ROUND_FAULT_CATEGORY[item.device];
          filed.push(ctx.service.fileTicket({
            category, title: `${ROUND_DEVICE_NAME[item.device]}故障（巡查发现）`, description: item.note?.trim() ?? '',
            channel: 'central_household', reporterRole: 'central_household', urgent: false, gridId: binding.gridId,
            lng: cell.centroid[0], lat: cell.centroid[1], address: '',
          }, at, (t) => {
            repo.linkTicket(t.id, { accountId: me.accountId, receiptHash: null });
            if (item.photos && item.photos.length > 0) ctx.media.attachMedia(t.id, item.photos, 'before', caller);
            audit.record(me, 'ticket.create', `ticket:${t.id}`, { gridId: t.gridId, category, channel: t.channel, rounds: date }, req.ip);
          }));
        }
        const stored: StoredItem[] = items.map((i) => ({ device: i.device, result: i.result, ...(i.note ? { note: i.note } : {}) }));
        repo.insertRound({
          accountId: me.accountId, staffId: binding.staffId, gridId: binding.gridId, date, recordedAt: at,
          items: JSON.stringify(stored), tickets: JSON.stringify(filed.map((t) => t.id)), faults: filed.length,
        });
        audit.record(me, 'rounds.record', `staff:${binding.staffId}`, { date, items: items.length, faults: filed.length }, req.ip);
      });
      for (const t of filed) ctx.mine.owned(t.id, me.accountId, t);
      req.log.info({ action: 'rounds', actor: caller, items: items.length, faults: filed.length }, 'rounds recorded');
      return reply.status(201).send({ date, recorded: items.length, tickets: filed.map((t) => t.id) });
    });

    app.get('/api/rounds/mine', {
      ...authorizer.guard('rounds:record'), schema: { querystring: MyRoundsQuerySchema, response: { 200: MyRoundsSchema, ...ErrorResponses } },
    }, async (req) => {
      const { binding } = householdOf(req);
      const rows = repo.roundsSince(binding.staffId, firstDayOf(today(), req.query.days ?? 30));
      return {
        days: rows.map((r) => ({ date: r.date, items: JSON.parse(r.items) as StoredItem[], tickets: JSON.parse(r.tickets) as number[] })),
      };
    });

    app.get('/api/rounds', {
      ...authorizer.guard('rounds:read', (req) => (req.query as { scope: string }).scope),
      schema: { querystring: RoundsQuerySchema, response: { 200: RoundsListSchema, ...ErrorResponses } },
    }, async (req) => {
      const { scope } = req.query;
      const level = scopeLevelOf(scope);
      if (level !== 'village' && level !== 'town') throw new DomainError(400, 'invalid_scope', 'Give a village or town code as "scope".', 'scope');
      if (!ctx.live.hasScope(scope)) throw new DomainError(404, 'unknown_scope', `Unknown scope "${scope}".`, 'scope');
      const date = req.query.date ?? today();
      const done = new Map(repo.roundsOn(date, scope).map((r) => [r.staffId, r.faults]));
      return {
        date,
        items: repo.householdsWithAccounts(scope).map((h) => ({ staffId: h.id, gridId: h.gridId, done: done.has(h.id), faults: done.get(h.id) ?? 0 })),
      };
    });
  };
}
