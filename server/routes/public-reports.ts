import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { PublicReportBodySchema, PublicReportFiledSchema, ReceiptParamsSchema, TrackSchema } from '../../shared/schemas/reporters.js';
import { hashCode, normalizeCode, RECEIPT_LENGTH } from '../auth/codes.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import { publicTicket } from '../domain/projection.js';
import type { RouteContext } from './context.js';
import { ANONYMOUS_UPLOADER } from '../media/media-service.js';
import { createIntake } from './intake.js';

const IdempotencyHeaders = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 120 })) });

/**
 * Residents without an account: a report from a cell's QR poster (/m/report?cell=<grid id>) within a per-address
 * budget, answered with a receipt, and the public status of that report by its receipt. Only the receipt's hash is
 * stored; the tracking answer is the public projection (never the words, never a name).
 */
export function publicReportRoutes(ctx: RouteContext) {
  const { door } = ctx.auth;
  const fileReport = createIntake(ctx);
  const categoryName = new Map(ctx.categories.map((c) => [c.code, c.name]));

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.post('/api/public/reports', {
      // Charged before the body is parsed, like every intake door.
      onRequest: async (req) => {
        const refused = door.admitResident(req.ip);
        if (refused) throw rateLimited(refused.message, refused.retryAfterMs);
      },
      schema: { body: PublicReportBodySchema, headers: IdempotencyHeaders, response: { 200: PublicReportFiledSchema, 201: PublicReportFiledSchema, ...ErrorResponses } },
    }, async (req, reply) => {
      const b = req.body;
      const key = req.headers['idempotency-key'];
      const receipt = ctx.auth.receiptOf(`resident:${req.ip}`, key);
      const name = categoryName.get(b.category);
      if (!name) throw new DomainError(400, 'unknown_category', `Unknown category "${b.category}"; GET /api/categories lists the valid codes.`, 'category');
      const { ticket, replayed } = await fileReport({
        body: {
          category: b.category, title: name, description: b.description, channel: 'mini_program', reporterRole: 'resident',
          ...(b.urgent !== undefined ? { urgent: b.urgent } : {}), ...(b.gridId ? { gridId: b.gridId } : {}),
          ...(b.location ? { location: b.location } : {}), ...(b.photos ? { photos: b.photos } : {}),
        },
        key, principal: null, ip: req.ip, log: req.log, uploaderKey: ANONYMOUS_UPLOADER, owner: { accountId: null, receiptHash: hashCode(receipt) },
      });
      return reply.status(replayed ? 200 : 201).send({ receipt, ticketId: ticket.id, status: ticket.status });
    });

    app.get('/api/track/:receipt', { schema: { params: ReceiptParamsSchema, response: { 200: TrackSchema, ...ErrorResponses } } }, async (req) => {
      const receipt = normalizeCode(req.params.receipt, RECEIPT_LENGTH);
      const id = receipt ? ctx.auth.reporterRepo.ticketOfReceipt(hashCode(receipt)) : null;
      const found = id !== null ? ctx.service.getTicket(id) : null;
      // A demo ticket filed later in the replayed year than the clock shows is not there yet.
      if (!receipt || !found || found.ticket.reportedAt > ctx.clockNow()) {
        throw new DomainError(404, 'unknown_receipt', 'No report has this receipt: check the 10 characters.', 'receipt');
      }
      return {
        receipt,
        ticket: publicTicket(found.ticket),
        timeline: found.timeline.map((e) => ({ at: e.at, action: e.action, status: e.toStatus })),
        canRate: found.ticket.status === 'closed',
      };
    });
  };
}
