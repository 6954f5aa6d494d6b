import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyMetrics from 'fastify-metrics';
import * as promClient from 'prom-client';

export interface MetricsOptions {
  /** The process's own metrics (server/plugins/moshao-metrics.ts, or an edge process's gauges). */
  registry: promClient.Registry;
  /** MOSHAO_METRICS_TOKEN: lets a scraper that is not on this machine read /metrics with `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * The process's default metrics (CPU, memory, heap, GC, event-loop lag, handles) describe the process, not an app: they are
 * collected once per process into their own registry. Collecting them per app would start another event-loop monitor and
 * GC observer for every app a test process builds, and none of them ever stops.
 */
let processRegistry: promClient.Registry | null = null;
function defaultMetricsRegistry(): promClient.Registry {
  if (!processRegistry) {
    processRegistry = new promClient.Registry();
    promClient.collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
const isLoopback = (address: string | undefined) => address === '::1' || /^(::ffff:)?127\./.test(address ?? '');
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Loopback callers only, unless a token is configured and sent. A request that names a forwarding proxy came from
 * somewhere else through a proxy on this machine: it is not a loopback caller.
 */
function metricsAccess(token: string | undefined) {
  const expected = token ? digest(token) : null;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const forwarded = req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined;
    // The socket's own address, not req.ip: were trustProxy ever turned on, req.ip would be what X-Forwarded-For claims.
    if (!forwarded && isLoopback(req.socket.remoteAddress)) return;
    const header = req.headers.authorization ?? '';
    const sent = /^Bearer (.+)$/i.exec(header)?.[1];
    if (expected && sent !== undefined && timingSafeEqual(digest(sent), expected)) return;
    // Scrapes are logged at warn and above only (one every 15 s is noise); a refusal is worth a line.
    req.log.warn({ forwarded, token: sent === undefined ? 'none' : 'wrong' }, 'metrics refused');
    if (!expected) {
      return reply.status(403).send({ error: 'forbidden', message: '/metrics answers only callers on this machine; set MOSHAO_METRICS_TOKEN to let a remote scraper in.' });
    }
    return reply.status(401).send({
      error: 'unauthorized',
      message: sent === undefined ? '/metrics needs "Authorization: Bearer <MOSHAO_METRICS_TOKEN>" from another machine.' : 'The metrics token is not valid.',
    });
  };
}

/**
 * GET /metrics in the Prometheus text format: the process's default metrics, HTTP request durations by route pattern
 * (fastify-metrics, never by raw URL: a URL can carry anything a caller typed), and the registry's own metrics. Register
 * it before the routes: fastify-metrics times only the routes it saw being added.
 */
export async function registerMetrics(app: FastifyInstance, opts: MetricsOptions): Promise<void> {
  const { registry } = opts;
  // fastify-metrics creates its metrics in `promClient.register`: handing it the same prom-client with this app's
  // registry in that place keeps them out of the global one, where a second app would collide with the first.
  // A CommonJS module whose plugin is its `default` export: Node's import gives the module object.
  await app.register(fastifyMetrics.default, {
    promClient: { ...promClient, register: registry },
    endpoint: null,
    defaultMetrics: { enabled: false },
    routeMetrics: {
      enabled: { histogram: true, summary: false },
      // Not registered anywhere: quantile summaries do not add up across processes, the histogram does.
      overrides: { histogram: { registers: [registry] }, summary: { registers: [] } },
      routeBlacklist: ['/metrics'],
    },
  });
  app.get('/metrics', { onRequest: metricsAccess(opts.token), logLevel: 'warn' }, async (_req, reply) => {
    const merged = promClient.Registry.merge([defaultMetricsRegistry(), registry]);
    return reply.type(merged.contentType).send(await merged.metrics());
  });
}
