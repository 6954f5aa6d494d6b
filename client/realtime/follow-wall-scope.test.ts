import { describe, expect, it } from 'vitest';
import type { ReplayCommand } from '../../shared/schemas/common.js';
import { scopeSwitch } from '../store/scope-switch.js';
import { createWallStore, type WallStore } from '../store/wall-store.js';
import { followWallScope } from './follow-wall-scope.js';
import type { RealtimeHandle } from './socket.js';

/** Records each link: the scope it was opened for, whether it was stopped, the commands sent through it. */
function links() {
  const opened: { scope: string; stopped: boolean; commands: ReplayCommand[] }[] = [];
  const connect = (store: WallStore): RealtimeHandle => {
    const link = { scope: store.getState().scope, stopped: false, commands: [] as ReplayCommand[] };
    opened.push(link);
    return {
      replayCommand: (cmd) => {
        link.commands.push(cmd);
        return Promise.resolve({ ok: false, error: 'offline' });
      },
      stop: () => {
        link.stopped = true;
      },
    };
  };
  return { opened, connect };
}

describe('followWallScope', () => {
  it('opens one link and keeps it while the scope stays', () => {
    const store = createWallStore('321171');
    const { opened, connect } = links();
    const handle = followWallScope(store, connect);
    store.getState().setMeasure('overdue');
    store.getState().drillTo('321171001');
    expect(opened.map((l) => l.scope)).toEqual(['321171']);
    handle.stop();
    expect(opened[0].stopped).toBe(true);
  });

  it('replaces the link when the scope changes, and sends replay commands through the current one', async () => {
    const store = createWallStore('321171');
    const { opened, connect } = links();
    const handle = followWallScope(store, connect);
    store.setState(scopeSwitch(store.getState(), '321171001'));
    expect(opened.map((l) => [l.scope, l.stopped])).toEqual([
      ['321171', true],
      ['321171001', false],
    ]);
    await handle.replayCommand({ action: 'pause' });
    expect(opened[1].commands).toEqual([{ action: 'pause' }]);
    handle.stop();
    store.setState(scopeSwitch(store.getState(), '321171002'));
    expect(opened.length).toBe(2);
    expect(opened[1].stopped).toBe(true);
  });
});
