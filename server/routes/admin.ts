import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AccountListSchema, AccountPatchBodySchema, AccountSchema, AuditPageSchema, AuditQuerySchema, CreatedIntakeTokenSchema, IntakeTokenListSchema,
  IntakeTokenSchema, NewAccountBodySchema, NewIntakeTokenBodySchema,
} from '../../shared/schemas/auth.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import type { AccountPrincipal } from '../auth/policy.js';
import type { RouteContext } from './context.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

/** What the admin manages: accounts, intake tokens, and the audit log to read. */
export function adminRoutes(ctx: RouteContext) {
  const { accounts, tokens, audit, authorizer } = ctx.auth;
  // Only accounts hold these permissions (policy.ts), so the guarded caller is an account.
  const admin = (req: FastifyRequest) => authorizer.principalOf(req) as AccountPrincipal;
  const manageAccounts = authorizer.guard('accounts:manage');
  const manageTokens = authorizer.guard('tokens:manage');
  // Ids and the names of the fields changed: never a username, a password, or a token's name or secret.
  const logChange = (req: FastifyRequest, action: string, target: string, fields?: string[]) =>
    req.log.info({ action, actor: `account:${admin(req).accountId}`, target, ...(fields ? { fields } : {}) }, 'admin change');

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/admin/accounts', { ...manageAccounts, schema: { response: { 200: AccountListSchema, ...ErrorResponses } } }, async () => ({ items: accounts.list() }));

    app.post('/api/admin/accounts', { ...manageAccounts, schema: { body: NewAccountBodySchema, response: { 201: AccountSchema, ...ErrorResponses } } }, async (req, reply) => {
      const created = await accounts.create(admin(req), req.body, req.ip);
      logChange(req, 'account.create', `account:${created.id}`);
      return reply.status(201).send(created);
    });

    app.patch('/api/admin/accounts/:id', { ...manageAccounts, schema: { params: IdParams, body: AccountPatchBodySchema, response: { 200: AccountSchema, ...ErrorResponses } } }, async (req) => {
      const updated = await accounts.update(admin(req), req.params.id, req.body, req.ip);
      logChange(req, 'account.update', `account:${updated.id}`, Object.keys(req.body));
      return updated;
    });

    app.get('/api/admin/intake-tokens', { ...manageTokens, schema: { response: { 200: IntakeTokenListSchema, ...ErrorResponses } } }, async () => ({ items: tokens.list() }));

    app.post('/api/admin/intake-tokens', { ...manageTokens, schema: { body: NewIntakeTokenBodySchema, response: { 201: CreatedIntakeTokenSchema, ...ErrorResponses } } }, async (req, reply) => {
      const created = tokens.create(admin(req), req.body.name, req.ip);
      logChange(req, 'token.create', `token:${created.token.id}`);
      return reply.status(201).send(created);
    });

    app.delete('/api/admin/intake-tokens/:id', { ...manageTokens, schema: { params: IdParams, response: { 200: IntakeTokenSchema, ...ErrorResponses } } }, async (req) => {
      const revoked = tokens.revoke(admin(req), req.params.id, req.ip);
      logChange(req, 'token.revoke', `token:${revoked.id}`);
      return revoked;
    });

    app.get('/api/audit', { ...authorizer.guard('audit:read'), schema: { querystring: AuditQuerySchema, response: { 200: AuditPageSchema, ...ErrorResponses } } }, async (req) => audit.page(req.query));
  };
}
