import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  NewSubscriptionBodySchema, OutboxItemSchema, OutboxListSchema, OutboxQuerySchema, SubscriptionListSchema, SubscriptionPatchBodySchema,
  SubscriptionWithSecretSchema, type OutboxItem,
} from '../../shared/schemas/notify.js';
import { ErrorResponses, NoBodySchema } from '../../shared/schemas/responses.js';
import type { AccountPrincipal } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import type { Notifier } from '../notify/notifier.js';
import type { OutboxRow } from '../storage/outbox-repository.js';
import type { RouteContext } from './context.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const OUTBOX_PAGE = 200;

const itemOf = (r: OutboxRow): OutboxItem => ({
  id: r.id, subscriptionId: r.subscriptionId, ticketId: r.ticketId, level: r.level, status: r.status, attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt, lastError: r.lastError,
});

/**
 * 督办 notices, for the admin: subscriptions (group robots and webhooks) and the outbox. Same guard as the accounts
 * (an admin's session, CSRF on writes). A secret is in the POST answer once, never again.
 */
export function notifyRoutes(ctx: RouteContext, notifier: Notifier) {
  const { authorizer, audit } = ctx.auth;
  const manage = authorizer.guard('accounts:manage');
  const admin = (req: FastifyRequest) => authorizer.principalOf(req) as AccountPrincipal;
  // Ids and the names of the fields changed: never a URL (a robot's key is in it) or a secret.
  const logChange = (req: FastifyRequest, action: 'notify.subscription.create' | 'notify.subscription.update' | 'notify.subscription.delete' | 'notify.retry',
    target: string, fields?: string[]) => {
    audit.record(admin(req), action, target, fields ? { fields } : {}, req.ip);
    req.log.info({ action, actor: `account:${admin(req).accountId}`, target, ...(fields ? { fields } : {}) }, 'admin change');
  };

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/admin/notify/subscriptions', { ...manage, schema: { response: { 200: SubscriptionListSchema, ...ErrorResponses } } }, async () => ({ items: notifier.listSubscriptions() }));

    app.post('/api/admin/notify/subscriptions', { ...manage, schema: { body: NewSubscriptionBodySchema, response: { 201: SubscriptionWithSecretSchema, ...ErrorResponses } } }, async (req, reply) => {
      const created = await notifier.createSubscription(req.body);
      logChange(req, 'notify.subscription.create', `subscription:${created.id}`);
      return reply.status(201).send(created);
    });

    app.patch('/api/admin/notify/subscriptions/:id', { ...manage, schema: { params: IdParams, body: SubscriptionPatchBodySchema, response: { 200: SubscriptionWithSecretSchema, ...ErrorResponses } } }, async (req) => {
      const updated = await notifier.updateSubscription(req.params.id, req.body);
      logChange(req, 'notify.subscription.update', `subscription:${updated.id}`, Object.keys(req.body));
      return updated;
    });

    app.delete('/api/admin/notify/subscriptions/:id', { ...manage, schema: { params: IdParams, response: { 204: NoBodySchema, ...ErrorResponses } } }, async (req, reply) => {
      notifier.deleteSubscription(req.params.id);
      logChange(req, 'notify.subscription.delete', `subscription:${req.params.id}`);
      return reply.status(204).send(undefined);
    });

    app.get('/api/admin/notify/outbox', { ...manage, schema: { querystring: OutboxQuerySchema, response: { 200: OutboxListSchema, ...ErrorResponses } } }, async (req) => ({
      items: notifier.repo.listRows(req.query.status, req.query.limit ?? OUTBOX_PAGE).map(itemOf),
    }));

    app.post('/api/admin/notify/outbox/:id/retry', { ...manage, schema: { params: IdParams, response: { 200: OutboxItemSchema, ...ErrorResponses } } }, async (req) => {
      const row = notifier.repo.findRow(req.params.id);
      if (!row) throw new DomainError(404, 'not_found', `No outbox row with id ${req.params.id}.`);
      if (row.status === 'sent' || row.status === 'simulated') {
        throw new DomainError(409, 'not_retryable', `Outbox row ${row.id} is ${row.status}; only pending, failed or dead rows are sent again.`);
      }
      const sub = notifier.repo.findSubscription(row.subscriptionId);
      if (sub && sub.disabledAt !== null) {
        throw new DomainError(409, 'subscription_disabled', `Subscription ${row.subscriptionId} is disabled; PATCH it with {"enabled": true} first.`);
      }
      const retried = notifier.retry(row.id)!;
      logChange(req, 'notify.retry', `outbox:${row.id}`);
      return itemOf(retried);
    });
  };
}
