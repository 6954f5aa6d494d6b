import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseReplayCommand } from '../../shared/replay-command.js';
import { ReplayStateSchema } from '../../shared/schemas/common.js';
import { ErrorResponses, OkSchema, ScreenListSchema } from '../../shared/schemas/responses.js';
import { callerId } from '../auth/policy.js';
import { DomainError } from '../domain/errors.js';
import { outsideRequestBudget } from '../storage/request-budget.js';
import type { RouteContext } from './context.js';

/** Replay control (demo mode) and the screens' health and reload. */
export function controlRoutes(ctx: RouteContext) {
  const { authorizer, audit } = ctx.auth;
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/replay', { schema: { response: { 200: ReplayStateSchema, ...ErrorResponses } } }, async () => ctx.replay?.state() ?? { mode: ctx.mode, playing: false, speed: 1, clock: ctx.clockNow(), loop: false });

    // A supervisor's control. The wall's own demo buttons use the socket's 'replay:command' instead (open to any wall
    // unless MOSHAO_DEMO_CONTROLS=supervisors). Both doors check the body with the one parseReplayCommand.
    app.post('/api/replay', { ...authorizer.guard('replay:control'), schema: { response: { 200: ReplayStateSchema, ...ErrorResponses } } }, async (req) => {
      const parsed = parseReplayCommand(req.body);
      if (!parsed.ok) throw new DomainError(400, 'invalid_replay_command', parsed.message, parsed.field);
      if (!ctx.replay) throw new DomainError(409, 'not_demo', 'Replay control is only available in demo mode (MOSHAO_MODE=demo).');
      const principal = authorizer.principalOf(req)!;
      // The seek budget, one jump at a time and the audit entry: the same door as the walls' sockets (replay-control.ts).
      // A jump replays thousands of steps for the whole wall: it runs outside this request's SQL budget.
      return outsideRequestBudget(() => ctx.replay!.command(parsed.command, { key: callerId(principal), actor: principal, ip: req.ip }));
    });

    // Which walls exist, where, and what they show: for supervisors, not for whoever finds the address.
    app.get('/api/screens', { ...authorizer.guard('screens:read'), schema: { response: { 200: ScreenListSchema, ...ErrorResponses } } }, async () => ctx.screens.list());

    app.post('/api/screens/:id/reload', {
      ...authorizer.guard('screen:reload'), schema: { params: Type.Object({ id: Type.String({ maxLength: 80 }) }), response: { 200: OkSchema, ...ErrorResponses } },
    }, async (req) => {
      const screen = ctx.screens.get(req.params.id);
      if (!screen) throw new DomainError(404, 'not_found', `No screen "${req.params.id}" has reported its health.`);
      if (!screen.connected) throw new DomainError(409, 'screen_offline', `Screen "${req.params.id}" is not connected now.`);
      ctx.reloadScreen(screen.socketId);
      audit.record(authorizer.principalOf(req)!, 'screen.reload', `screen:${req.params.id}`, {}, req.ip);
      return { ok: true as const };
    });
  };
}
