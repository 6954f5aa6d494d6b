import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';

export interface ClusterLink {
  /** For io.adapter(): every node of the cluster sees every room emission and server-side event. */
  adapter: ReturnType<typeof createAdapter>;
  /** Closes the adapter of `io` (its stream readers stop after their current read) and the Redis connection. */
  close: (io: Server) => Promise<void>;
}

/** How long a stream reader blocks in one XREAD: also how long its connection lingers after close. */
const STREAM_BLOCK_MS = 2_000;
/** Room emissions kept in the stream (approximately): enough for a burst, bounded in Redis' memory. */
const STREAM_MAX_LEN = 10_000;

/**
 * Connects a node to the cluster's Redis (MOSHAO_REDIS_URL) and makes the Socket.IO adapter over it.
 * During a Redis outage the client reconnects by itself; commands wait in its offline queue meanwhile, so the
 * emissions made in the outage reach the other nodes once Redis is back (with the same seqs: a wall that missed
 * one sees a gap and re-subscribes). `log` gets one line when the link drops and one when it is back, nothing more.
 */
export async function connectCluster(url: string, log: (line: string) => void): Promise<ClusterLink> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) } });
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
    close: async (io) => {
      io.of('/').adapter.close();
      if (client.isOpen) await client.quit().catch(() => client.destroy());
    },
  };
}
