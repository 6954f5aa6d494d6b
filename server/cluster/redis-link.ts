import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';

export interface ClusterLink {
  /** For io.adapter(): every node of the cluster sees every room emission and server-side event. */
  adapter: ReturnType<typeof createAdapter>;
  /**
   * Resolves once `io`'s adapter listens on Redis (its channel has a subscriber): from then on the node hears the
   * cluster. Listen after it, so that no wall is served by a node that is deaf yet; closing before it would also leave
   * the adapter's subscribe call to fail unheard.
   */
  joined: (io: Server) => Promise<void>;
  /** Closes the adapter of `io` (its stream readers stop after their current read) and the Redis connection. */
  close: (io: Server) => Promise<void>;
}

const JOIN_TIMEOUT_MS = 10_000;

/** How long a stream reader blocks in one XREAD: also how long its connection lingers after close. */
const STREAM_BLOCK_MS = 2_000;
/** Room emissions kept in the stream (approximately): enough for a burst, bounded in Redis' memory. */
const STREAM_MAX_LEN = 10_000;

/** Commands held while Redis is away: a long outage at replay speed must not grow a node's memory without end. */
const OFFLINE_QUEUE_MAX = 20_000;

/**
 * Connects a node to the cluster's Redis (MOSHAO_REDIS_URL) and makes the Socket.IO adapter over it.
 * During a Redis outage the client reconnects by itself. Emissions made meanwhile wait in its (bounded) queue and may
 * or may not reach the other nodes: a wall that misses one sees the gap in seq and re-subscribes, and its fresh
 * snapshot holds what happened. `log` gets one line when the link drops and one when it is back, nothing more.
 */
export async function connectCluster(url: string, log: (line: string) => void): Promise<ClusterLink> {
  const client = createClient({
    url, commandsQueueMaxLength: OFFLINE_QUEUE_MAX, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
  let down = false;
  client.on('error', (err: Error) => {
    if (!down) log(`redis: link lost (${err.message}); reconnecting`);
    down = true;
  });
  client.on('ready', () => {
    if (down) log('redis: link back');
    down = false;
  });
  await client.connect();
  const adapter = createAdapter(client, { streamName: 'moshao', maxLen: STREAM_MAX_LEN, blockTimeInMs: STREAM_BLOCK_MS });
  return {
    adapter,
    joined: async (io) => {
      const channel = `socket.io#/#${(io.of('/').adapter as unknown as { uid: string }).uid}#`;
      const until = Date.now() + JOIN_TIMEOUT_MS;
      for (;;) {
        const reply = (await client.sendCommand(['PUBSUB', 'NUMSUB', channel])) as [string, number];
        if (Number(reply[1]) > 0) return;
        if (Date.now() > until) throw new Error(`redis: not subscribed to ${channel} after ${JOIN_TIMEOUT_MS} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async (io) => {
      io.of('/').adapter.close();
      if (client.isOpen) await client.quit().catch(() => client.destroy());
    },
  };
}
