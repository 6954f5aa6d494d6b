import { Value } from 'typebox/value';
import type { Ack, ScopeSnapshot } from '../../shared/events.js';
import { roomOf, scopeLevelOf } from '../../shared/scope.js';
import { ReplayCommandSchema, type ReplayCommand, type ReplayState } from '../../shared/schemas/common.js';
import type { LiveState } from '../domain/live-state.js';
import type { MoshaoServer, RealtimeBroadcaster } from './broadcaster.js';
import type { ScreenRegistry } from './screen-registry.js';

export interface SocketDeps {
  io: MoshaoServer;
  live: LiveState;
  broadcaster: RealtimeBroadcaster;
  screens: ScreenRegistry;
  /** Brings the aggregates to the clock's now before a snapshot is taken. */
  tick: () => void;
  replay: { state(): ReplayState; command(cmd: ReplayCommand): Promise<ReplayState> } | null;
}

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Socket handlers by area: subscriptions, replay control, screen health. One scope per socket at a time. */
export function registerSocketHandlers(deps: SocketDeps): void {
  const { io, live, broadcaster, screens, tick, replay } = deps;
  io.on('connection', (socket) => {
    socket.data.scope = null;
    socket.data.screenId = null;
    if (replay) socket.emit('replay:state', replay.state());

    socket.on('scope:subscribe', (req, ack) => {
      if (typeof ack !== 'function') return;
      const scope = typeof req?.scope === 'string' ? req.scope : '';
      if (!scopeLevelOf(scope) || !live.hasScope(scope)) {
        ack(fail(`Unknown scope "${scope}": use the district code 321171, a town or village code, or a grid cell id.`));
        return;
      }
      if (socket.data.scope && socket.data.scope !== scope) void socket.leave(roomOf(socket.data.scope));
      socket.data.scope = scope;
      tick();
      // Joining and snapshotting in the same tick: the next delta for this room is exactly seq + 1.
      void socket.join(roomOf(scope));
      const snapshot: ScopeSnapshot = { seq: broadcaster.seqOf(scope), summary: live.summary(scope) };
      ack({ ok: true, data: snapshot } satisfies Ack<ScopeSnapshot>);
    });

    // Open to any socket on purpose: the wall's own demo controls drive the synthetic 2023 replay without a login. It
    // exists only in demo mode (replay is null in live mode) and touches no personal data; POST /api/replay, which
    // supervisors use, needs an admin or district session (issue 5).
    socket.on('replay:command', (cmd, ack) => {
      if (typeof ack !== 'function') return;
      if (!replay) {
        ack(fail('Replay control is only available in demo mode.'));
        return;
      }
      // The same contract as POST /api/replay: a text or negative speed would otherwise reach the clock and every wall.
      if (!Value.Check(ReplayCommandSchema, cmd)) {
        ack(fail('Malformed replay command: send { action: play|pause|seek|speed, to?, speed? (0 to 10000000) }.'));
        return;
      }
      replay.command(cmd).then(
        (state) => ack({ ok: true, data: state }),
        (err: Error) => ack(fail(err.message)),
      );
    });

    socket.on('screen:health', (report, ack) => {
      const ok = screens.record(socket.id, report);
      if (ok) socket.data.screenId = report.screenId;
      if (typeof ack === 'function') ack(ok ? { ok: true, data: null } : fail('Malformed health report.'));
    });

    socket.on('disconnect', () => screens.disconnected(socket.id));
  });
}
