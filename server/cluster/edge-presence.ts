/** How often an edge reports its walls' scopes and sockets to the writer. */
export const PRESENCE_INTERVAL_MS = 5_000;
/** An edge not heard from for this long is gone (killed, cut off): its interest lapses and its screens disconnect. */
export const PRESENCE_TIMEOUT_MS = 3 * PRESENCE_INTERVAL_MS;

interface Edge {
  seenAt: number;
  scopes: Set<string>;
  sockets: Set<string>;
}

/**
 * The writer's view of its edges: which scopes their walls watch (so the broadcaster emits to a room only when some
 * node has listeners in it) and which sockets they hold (so screens of a vanished edge are marked disconnected).
 * A subscription counts at once; the periodic report replaces the whole picture, so a wall that left is forgotten
 * within one interval. Extra interest only costs an emission nobody hears; missing interest never happens for a
 * subscriber, whose subscribe request itself registers it before its snapshot's seq is read.
 */
export function createEdgePresence(now: () => number = Date.now, timeoutMs = PRESENCE_TIMEOUT_MS) {
  const edges = new Map<string, Edge>();

  const edgeOf = (edgeId: string): Edge => {
    let edge = edges.get(edgeId);
    if (!edge) edges.set(edgeId, (edge = { seenAt: now(), scopes: new Set(), sockets: new Set() }));
    edge.seenAt = now();
    return edge;
  };

  return {
    subscribed(edgeId: string, scope: string): void {
      edgeOf(edgeId).scopes.add(scope);
    },
    socketSeen(edgeId: string, socketId: string): void {
      edgeOf(edgeId).sockets.add(socketId);
    },
    reported(edgeId: string, scopes: readonly string[], socketIds: readonly string[]): void {
      const edge = edgeOf(edgeId);
      edge.scopes = new Set(scopes);
      edge.sockets = new Set(socketIds);
    },
    /** Whether a live edge has a wall on this scope. */
    watched(scope: string): boolean {
      const t = now();
      for (const edge of edges.values()) if (t - edge.seenAt <= timeoutMs && edge.scopes.has(scope)) return true;
      return false;
    },
    /** Forgets the edges not heard from within the timeout and returns the sockets they held. */
    expire(): string[] {
      const t = now();
      const lost: string[] = [];
      for (const [id, edge] of edges) {
        if (t - edge.seenAt <= timeoutMs) continue;
        lost.push(...edge.sockets);
        edges.delete(id);
      }
      return lost;
    },
  };
}
export type EdgePresence = ReturnType<typeof createEdgePresence>;
