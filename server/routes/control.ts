import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ReplayCommandSchema } from '../../shared/schemas/common.js';
import { DomainError } from '../domain/errors.js';
import type { RouteContext } from './context.js';

/** Replay control (demo mode) and the screens' health and reload. */
export function controlRoutes(ctx: RouteContext) {
  const { authorizer, audit } = ctx.auth;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/replay', async () => ctx.replay?.state() ?? { mode: ctx.mode, playing: false, speed: 1, clock: ctx.clockNow(), loop: false });

    // A supervisor's control. The wall's own demo buttons use the socket's 'replay:command' instead, which stays open:
    // the replay is the demo's synthetic year, and the wall needs no login.
    app.post('/api/replay', { ...authorizer.guard('replay:control'), schema: { body: ReplayCommandSchema } }, async (req) => {
      if (!ctx.replay) throw new DomainError(409, 'not_demo', 'Replay control is only available in demo mode (MOSHAO_MODE=demo).');
      const state = await ctx.replay.command(req.body);
      audit.record(authorizer.principalOf(req)!, 'replay.command', 'replay', { ...req.body }, req.ip);
      return state;
    });

    app.get('/api/screens', async () => ctx.screens.list());

    app.post('/api/screens/:id/reload', {
      ...authorizer.guard('screen:reload'), schema: { params: Type.Object({ id: Type.String({ maxLength: 80 }) }) },
    }, async (req) => {
      const screen = ctx.screens.get(req.params.id);
      if (!screen) throw new DomainError(404, 'not_found', `No screen "${req.params.id}" has reported its health.`);
      if (!screen.connected) throw new DomainError(409, 'screen_offline', `Screen "${req.params.id}" is not connected now.`);
      ctx.reloadScreen(screen.socketId);
      audit.record(authorizer.principalOf(req)!, 'screen.reload', `screen:${req.params.id}`, {}, req.ip);
      return { ok: true };
    });
  };
}
