import { closeOnSignals } from '../close-on-signals.js';
import { allowedOriginsOf, type Config } from '../config.js';
import { connectCluster } from '../cluster/redis-link.js';
import { buildEdge } from './edge.js';

/** main.ts for MOSHAO_ROLE=edge: joins the cluster, listens, and closes gracefully on SIGINT/SIGTERM. */
export async function runEdge(config: Config, progress: (line: string) => void): Promise<void> {
  const link = await connectCluster(config.MOSHAO_REDIS_URL!, progress);
  const app = await buildEdge({
    writerUrl: config.MOSHAO_WRITER_URL!, cluster: link,
    logger: { level: config.MOSHAO_LOG_LEVEL, pretty: config.MOSHAO_LOG_PRETTY }, metricsToken: config.MOSHAO_METRICS_TOKEN,
    socketsPerAddress: config.MOSHAO_SOCKETS_PER_ADDRESS, allowedOrigins: allowedOriginsOf(config),
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  // The same words as the one process's line: whoever started us reads the port from it.
  progress(`edge wall on http://${config.HOST}:${port}/ (writer ${config.MOSHAO_WRITER_URL}, ${app.edge.edgeId})`);
  closeOnSignals(() => app.close().then(() => link.close(app.edge.io)), progress);
}
