/**
 * An edge of the push cluster as a benchmark target (bench/edges.ts): buildEdge in front of BENCH_WRITER_URL, joined
 * over BENCH_REDIS_URL, listening on an ephemeral loopback port. Prints one JSON line with its port.
 */
import { connectCluster } from '../../server/cluster/redis-link.js';
import { buildEdge } from '../../server/edge/edge.js';

const redisUrl = process.env.BENCH_REDIS_URL;
const writerUrl = process.env.BENCH_WRITER_URL;
if (!redisUrl || !writerUrl) throw new Error('BENCH_REDIS_URL and BENCH_WRITER_URL are required');
const link = await connectCluster(redisUrl, (l) => process.stderr.write(`${l}\n`));
// Its thousands of walls all come from 127.0.0.1: lift the per-address socket limits.
const app = await buildEdge({
  writerUrl, cluster: link, clientDir: '/nonexistent', socketsPerAddress: 100_000, handshakes: { burst: 100_000, perSecond: 100_000 },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void app.close().then(() => link.close(app.edge.io)).then(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
