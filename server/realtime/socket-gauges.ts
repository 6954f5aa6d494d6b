import type { MoshaoServer } from './broadcaster.js';

/** What /metrics reads of a process's own sockets, on scrape: the one process, a writer and an edge alike. */
export function socketGauges(io: MoshaoServer): { socketClients: () => number; scopeRooms: () => number } {
  return {
    socketClients: () => io.engine.clientsCount,
    // Every socket is also in a room named by its own id: the rest are scope rooms.
    scopeRooms: () => [...io.of('/').adapter.rooms.keys()].filter((room) => !io.of('/').sockets.has(room)).length,
  };
}
