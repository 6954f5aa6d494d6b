import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import fastifyHttpProxy from '@fastify/http-proxy';
import { Server } from 'socket.io';
import { SOCKET_MAX_MESSAGE_BYTES } from '../../shared/constants.js';
import { defaultClientDir } from '../client-dir.js';
import type { ClusterLink } from '../cluster/redis-link.js';
import { registerClientFiles } from '../plugins/client-files.js';
import { loggerOptions, type LogOptions } from '../plugins/logging.js';
import { registerMetrics } from '../plugins/metrics.js';
import { createMoshaoMetrics } from '../plugins/moshao-metrics.js';
import { registerSecurity } from '../plugins/security.js';
import type { MoshaoServer } from '../realtime/broadcaster.js';
import { socketGauges } from '../realtime/socket-gauges.js';
import { createHandshakeGuard, DEFAULT_SOCKETS_PER_ADDRESS } from '../realtime/handshake-guard.js';
import { registerEdgeSockets } from './edge-sockets.js';

export interface EdgeOptions {
  /** The writer's base URL (MOSHAO_WRITER_URL): /api/* and /open311/* go there. */
  writerUrl: string;
  cluster: Pick<ClusterLink, 'adapter' | 'joined'>;
  clientDir?: string;
  /** As buildApp's: off when unset (tests), JSON lines at info with `true`, or these options. */
  logger?: boolean | LogOptions;
  /** MOSHAO_METRICS_TOKEN, as for the writer's /metrics. */
  metricsToken?: string;
  /** As buildApp's: MOSHAO_SOCKETS_PER_ADDRESS and MOSHAO_ALLOWED_ORIGINS, for the walls' sockets this edge holds. */
  socketsPerAddress?: number;
  allowedOrigins?: string[];
  handshakes?: { burst: number; perSecond: number };
  /** Called for every route as it is added, before any is (tests check that each declares its response schema). */
  onRoute?: (route: RouteOptions) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    edge: { io: MoshaoServer; edgeId: string };
  }
}

/** Paths the writer answers: everything a page or another system asks of the API. */
const FORWARDED_PREFIXES = ['/api', '/open311'];

/**
 * An edge (MOSHAO_ROLE=edge): serves the client files and the walls' sockets and forwards the API to the writer. It
 * holds no state of its own (no SQLite, no aggregates): a wall's snapshot, replay commands and health reports are
 * answered by the writer over the cluster, and room emissions arrive through the adapter. Never listens (main does).
 */
export async function buildEdge(opts: EdgeOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ? loggerOptions(opts.logger === true ? {} : opts.logger) : false, forceCloseConnections: true });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  await registerSecurity(app);
  // The edge's own /metrics (not forwarded): its process, its HTTP and the walls it holds.
  const metrics = createMoshaoMetrics();
  await registerMetrics(app, { registry: metrics.registry, token: opts.metricsToken });
  for (const prefix of FORWARDED_PREFIXES) {
    await app.register(fastifyHttpProxy, {
      upstream: opts.writerUrl, prefix, rewritePrefix: prefix,
      replyOptions: {
        // The writer's per-address limits (logins, unknown tokens) need the caller's address, not the edge's; set, not
        // appended, so a caller cannot name another address. The protocol decides the session cookie's Secure flag.
        rewriteRequestHeaders: (req, headers) => ({ ...headers, 'x-forwarded-for': req.ip, 'x-forwarded-proto': req.protocol }),
        // The writer down or unreachable: a clear 502 in the API's error shape rather than the proxy's own.
        onError: (reply, { error }) => {
          void reply.status(502).send({ error: 'writer_unavailable', message: `The writer did not answer (${error.message}); try again in a moment.` });
        },
      },
    });
  }
  // An edge trusts no forwarded address: the walls' own peers are counted (it has no trustProxy either).
  const handshakes = createHandshakeGuard({
    socketsPerAddress: opts.socketsPerAddress ?? DEFAULT_SOCKETS_PER_ADDRESS, allowedOrigins: opts.allowedOrigins ?? [], trustedProxies: false,
    handshakes: opts.handshakes,
  });
  const io: MoshaoServer = new Server(app.server, { serveClient: false, maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES, allowRequest: handshakes.allowRequest });
  handshakes.watch(io.engine);
  io.adapter(opts.cluster.adapter);
  await opts.cluster.joined(io);
  const edgeId = `edge-${randomBytes(6).toString('hex')}`;
  const stopPresence = registerEdgeSockets(io, edgeId, handshakes.addressOf);
  metrics.gauges(socketGauges(io));
  await registerClientFiles(app, opts.clientDir ?? defaultClientDir());
  app.decorate('edge', { io, edgeId });
  app.addHook('preClose', async () => {
    stopPresence();
    // Only this edge's walls: the plain call goes through the adapter and would close every node's.
    io.local.disconnectSockets(true);
    io.engine.close();
  });
  return app;
}
