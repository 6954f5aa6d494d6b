import type { WallStore } from '../store/index.js';
import type { RealtimeHandle } from './socket.js';

/**
 * Keeps the page's realtime link on the store's scope: when the scope changes in place (a rotating wall), the link
 * for the old scope stops and a fresh one subscribes to the new one, whose snapshot then replaces the numbers. A
 * plain wall never changes scope, so this is one link for its whole life. Replay commands go to the current link.
 */
export function followWallScope(store: WallStore, connect: (store: WallStore) => RealtimeHandle): RealtimeHandle {
  let current = connect(store);
  const unsubscribe = store.subscribe((now, prev) => {
    if (now.scope === prev.scope) return;
    current.stop();
    current = connect(store);
  });
  return {
    replayCommand: (cmd) => current.replayCommand(cmd),
    stop: () => {
      unsubscribe();
      current.stop();
    },
  };
}
