import { buildApp } from './app.js';
import { weakPasswordReason } from './auth/password-policy.js';
import { closeOnSignals } from './close-on-signals.js';
import { allowedOriginsOf, loadConfig, replayStartOf, trustedProxiesOf, type Config } from './config.js';
import { DatabaseRefusedError } from './storage/database.js';
import { connectCluster } from './cluster/redis-link.js';
import { runEdge } from './edge/run-edge.js';

/** Reads the configuration, listens, and closes gracefully on SIGINT/SIGTERM. Nothing else. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error(`moshao: ${(err as Error).message}`);
    process.exit(2);
  }
  const progress = (line: string) => process.stderr.write(`moshao: ${line}\n`);
  // The push cluster: an edge holds no database; a writer is the one process joined to its edges over Redis.
  if (config.MOSHAO_ROLE === 'edge') return runEdge(config, progress);
  const cluster = config.MOSHAO_ROLE === 'writer' ? await connectCluster(config.MOSHAO_REDIS_URL!, progress) : undefined;
  let app;
  try {
    app = await buildApp({
      dbPath: config.MOSHAO_DB, mediaDir: config.MOSHAO_MEDIA_DIR, mode: config.MOSHAO_MODE, intakeToken: config.MOSHAO_INTAKE_TOKEN,
      adminPassword: config.MOSHAO_ADMIN_PASSWORD,
      replaySpeed: config.MOSHAO_REPLAY_SPEED, replayLoop: config.MOSHAO_REPLAY_LOOP, autoPlay: true,
      replayFrom: replayStartOf(config) ?? undefined,
      demoControls: config.MOSHAO_DEMO_CONTROLS, trustedProxies: trustedProxiesOf(config),
      budgets: { intake: { perMinute: config.MOSHAO_INTAKE_PER_MINUTE, burst: config.MOSHAO_INTAKE_BURST } },
      logger: { level: config.MOSHAO_LOG_LEVEL, pretty: config.MOSHAO_LOG_PRETTY }, onProgress: progress, cluster,
      metricsToken: config.MOSHAO_METRICS_TOKEN,
      socketsPerAddress: config.MOSHAO_SOCKETS_PER_ADDRESS, allowedOrigins: allowedOriginsOf(config),
      notify: {
        privateTargets: config.MOSHAO_NOTIFY_PRIVATE_TARGETS, inDemo: config.MOSHAO_NOTIFY_IN_DEMO,
        publicUrl: config.MOSHAO_PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`,
      },
      reports: { dir: config.MOSHAO_REPORTS_DIR, schedule: true },
      backup: config.MOSHAO_BACKUP_DIR
        ? { dir: config.MOSHAO_BACKUP_DIR, intervalMs: config.MOSHAO_BACKUP_INTERVAL_MINUTES * 60_000, keep: config.MOSHAO_BACKUP_KEEP }
        : undefined,
    });
  } catch (err) {
    if (err instanceof DatabaseRefusedError) {
      console.error(`moshao: ${err.message}`);
      process.exit(3);
    }
    throw err;
  }
  if (!config.MOSHAO_INTAKE_TOKEN) {
    progress(`intake token (generated, set MOSHAO_INTAKE_TOKEN to fix one): ${app.moshao.intakeToken}`);
  }
  // Printed once: the database keeps only scrypt hashes, so these cannot be shown again.
  for (const c of app.moshao.generatedCredentials) {
    progress(`account created: ${c.username} (${c.role}) password ${c.password}${c.username === 'admin' ? ' (set MOSHAO_ADMIN_PASSWORD to choose it)' : ''}`);
  }
  const weakAdmin = config.MOSHAO_ADMIN_PASSWORD ? weakPasswordReason(config.MOSHAO_ADMIN_PASSWORD, 'admin') : null;
  if (weakAdmin) progress(`warning: MOSHAO_ADMIN_PASSWORD ${weakAdmin}; the admin page would refuse it, choose another`);
  if (cluster) await cluster.joined(app.moshao.io);
  await app.listen({ port: config.PORT, host: config.HOST });
  // The port actually bound: with PORT=0 the system picks one, and whoever started us reads it from this line.
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  progress(`${config.MOSHAO_ROLE === 'writer' ? 'writer: ' : ''}${config.MOSHAO_MODE} wall on http://${config.HOST}:${port}/ (database ${config.MOSHAO_DB})`);

  closeOnSignals(() => app.close().then(() => cluster?.close(app.moshao.io)), progress);
}

void main();
