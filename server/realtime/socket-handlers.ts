import type { IncomingMessage } from 'node:http';
import type { Ack, ScopeSnapshot, ScreenReceipt } from '../../shared/events.js';
import { ScopeSubscribeSchema, ScreenHealthSchema } from '../../shared/schemas/events.js';
import { parseReplayCommand } from '../../shared/replay-command.js';
import { roomOf, scopeLevelOf } from '../../shared/scope.js';
import type { ReplayState, ValidReplayCommand } from '../../shared/schemas/common.js';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import type { LiveState } from '../domain/live-state.js';
import type { MoshaoServer, RealtimeBroadcaster } from './broadcaster.js';
import { onEvent, refusal, schemaParser, throttleEvents, type Parse } from './event-guard.js';
import type { ReplayCaller } from '../auth/replay-control.js';
import type { ReplayCallers, ReplayGate } from './replay-gate.js';
import type { ScreenRegistry } from './screen-registry.js';

export interface SocketDeps {
  io: MoshaoServer;
  live: LiveState;
  broadcaster: RealtimeBroadcaster;
  screens: ScreenRegistry;
  /** Brings the aggregates to the clock's now before a snapshot is taken. */
  tick: () => void;
  /** The replay's one door for people's commands (seek budget, one jump at a time, audit): replay-control.ts. */
  replay: { state(): ReplayState; command(cmd: ValidReplayCommand, caller: ReplayCaller): Promise<ReplayState> } | null;
  /** The scope's newest tickets for the wall's board (BOARD_INITIAL_TICKETS, newest first), public projection only. */
  board: (scope: string) => PublicTicket[];
  /** Who may send replay:command (MOSHAO_DEMO_CONTROLS), from the handshake's cookie header. */
  replayGate: ReplayGate;
  /** Who sent it, for the seek budget and the audit log: the session's account, or the wall's address as a pseudonym. */
  replayCaller: ReplayCallers;
  /** The caller's address of a handshake, as the handshake guard counts it (screens per address). */
  addressOf: (req: IncomingMessage) => string;
}

export const parseSubscribe = schemaParser(ScopeSubscribeSchema, 'subscription');
export const parseHealth = schemaParser(ScreenHealthSchema, 'health report');
export const parseCommand: Parse<ValidReplayCommand> = (input) => {
  const parsed = parseReplayCommand(input);
  return parsed.ok ? { ok: true, value: parsed.command } : { ok: false, problem: parsed };
};

/** A health report's answer from the registry's verdict. */
export const healthAnswer = (recorded: ReturnType<ScreenRegistry['record']>): Ack<ScreenReceipt> =>
  recorded.ok ? { ok: true, data: { secret: recorded.secret } } : refusal(recorded.error, recorded.field);

/** The refusal of a subscription to a scope the world does not have, or null. */
export function unknownScope(live: LiveState, scope: string): Ack<never> | null {
  return !scopeLevelOf(scope) || !live.hasScope(scope)
    ? refusal(`Unknown scope "${scope}": use the district code 321171, a town or village code, or a grid cell id.`, 'scope')
    : null;
}

/** A subscriber's snapshot: the aggregates brought to now, and the room's seq that the next delta follows. */
export function snapshotOf(deps: Pick<SocketDeps, 'live' | 'broadcaster' | 'tick' | 'board'>, scope: string): Ack<ScopeSnapshot> {
  const { live } = deps;
  deps.tick();
  return {
    ok: true,
    data: {
      seq: deps.broadcaster.seqOf(scope), summary: live.summary(scope), cells: live.cellMeasuresOf(scope),
      children: live.childIdsOf(scope).map(live.childRow), board: deps.board(scope),
    },
  };
}

/**
 * Socket handlers by area: subscriptions, replay control, screen health. One scope per socket at a time. Every event
 * is throttled and checked against its schema (event-guard.ts) before a handler sees it.
 */
export function registerSocketHandlers(deps: SocketDeps): void {
  const { io, live, screens, replay, replayGate, replayCaller } = deps;
  io.on('connection', (socket) => {
    socket.data.scope = null;
    socket.data.screenId = null;
    throttleEvents(socket);
    if (replay) socket.emit('replay:state', replay.state());

    onEvent(socket, 'scope:subscribe', { parse: parseSubscribe, needsAck: true }, ({ scope }, ack) => {
      const refused = unknownScope(live, scope);
      if (refused) return ack!(refused);
      if (socket.data.scope && socket.data.scope !== scope) void socket.leave(roomOf(socket.data.scope));
      socket.data.scope = scope;
      // Joining and snapshotting in the same tick: the next delta for this room is exactly seq + 1.
      void socket.join(roomOf(scope));
      ack!(snapshotOf(deps, scope));
    });

    // The wall's own demo controls. Whether an anonymous wall may use them is MOSHAO_DEMO_CONTROLS (replay-gate.ts);
    // the gate is asked first, so a refused socket learns nothing from validation.
    const refuseReplay = () => (replay ? replayGate(socket.handshake.headers.cookie) : 'Replay control is only available in demo mode.');
    onEvent(socket, 'replay:command', { parse: parseCommand, refuse: refuseReplay, needsAck: true }, (cmd, ack) => {
      replay!.command(cmd, replayCaller(socket.handshake.headers.cookie, socket.handshake.address)).then(
        (state) => ack!({ ok: true, data: state }),
        (err: Error) => ack!(refusal(err.message)),
      );
    });

    // With an ack only: a screen's first report gets its secret back, which a report nobody answers would lose.
    onEvent(socket, 'screen:health', { parse: parseHealth, needsAck: true }, (report, ack) => {
      const recorded = screens.record(socket.id, report, deps.addressOf(socket.request));
      if (recorded.ok) socket.data.screenId = report.screenId;
      ack!(healthAnswer(recorded));
    });

    socket.on('disconnect', () => screens.disconnected(socket.id));
  });
}
