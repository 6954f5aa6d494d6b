import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AccountPatchBodySchema, AuditQuerySchema, NewAccountBodySchema, NewIntakeTokenBodySchema } from '../../shared/schemas/auth.js';
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

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/admin/accounts', { ...manageAccounts }, async () => ({ items: accounts.list() }));

    app.post('/api/admin/accounts', { ...manageAccounts, schema: { body: NewAccountBodySchema } }, async (req, reply) => {
      return reply.status(201).send(await accounts.create(admin(req), req.body, req.ip));
    });

    app.patch('/api/admin/accounts/:id', { ...manageAccounts, schema: { params: IdParams, body: AccountPatchBodySchema } }, async (req) => {
      return accounts.update(admin(req), req.params.id, req.body, req.ip);
    });

    app.get('/api/admin/intake-tokens', { ...manageTokens }, async () => ({ items: tokens.list() }));

    app.post('/api/admin/intake-tokens', { ...manageTokens, schema: { body: NewIntakeTokenBodySchema } }, async (req, reply) => {
      return reply.status(201).send(tokens.create(admin(req), req.body.name, req.ip));
    });

    app.delete('/api/admin/intake-tokens/:id', { ...manageTokens, schema: { params: IdParams } }, async (req) => {
      return tokens.revoke(admin(req), req.params.id, req.ip);
    });

    app.get('/api/audit', { ...authorizer.guard('audit:read'), schema: { querystring: AuditQuerySchema } }, async (req) => audit.page(req.query));
  };
}
