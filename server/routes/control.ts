import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ReplayCommandSchema } from '../../shared/schemas/common.js';
import { HttpError } from './errors.js';
import type { RouteContext } from './context.js';

/** Replay control (demo mode) and the screens' health and reload. */
export function controlRoutes(ctx: RouteContext) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/replay', async () => ctx.replay?.state() ?? { mode: ctx.mode, playing: false, speed: 1, clock: ctx.clockNow(), loop: false });

    app.post('/api/replay', { schema: { body: ReplayCommandSchema }, preHandler: ctx.requireWriter }, async (req) => {
      if (!ctx.replay) throw new HttpError(409, 'not_demo', 'Replay control is only available in demo mode (MOSHAO_MODE=demo).');
      return ctx.replay.command(req.body);
    });

    app.get('/api/screens', async () => ctx.screens.list());

    app.post('/api/screens/:id/reload', { schema: { params: Type.Object({ id: Type.String({ maxLength: 80 }) }) }, preHandler: ctx.requireWriter }, async (req) => {
      const screen = ctx.screens.get(req.params.id);
      if (!screen) throw new HttpError(404, 'not_found', `No screen "${req.params.id}" has reported its health.`);
      if (!screen.connected) throw new HttpError(409, 'screen_offline', `Screen "${req.params.id}" is not connected now.`);
      ctx.reloadScreen(screen.socketId);
      return { ok: true };
    });
  };
}
