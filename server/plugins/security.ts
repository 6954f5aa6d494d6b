import type { FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';

/**
 * Cookies and security headers, registered on the root instance so every route gets them. Neither holds a resource
 * that needs closing. The rate limits are the door's token buckets (server/auth/door.ts), not a plugin.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        scriptSrc: ["'self'"],
        // index.html paints the dark background with an inline <style> before the bundle loads, and React and
        // ECharts set style attributes: inline styles only, never inline scripts.
        styleSrc: ["'self'", "'unsafe-inline'"],
        fontSrc: ["'self'", 'data:'],
        // ECharts exports and the favicon use data: and blob: URLs.
        imgSrc: ["'self'", 'data:', 'blob:'],
        // Socket.IO: same origin over http(s) and ws(s).
        connectSrc: ["'self'", 'ws:', 'wss:'],
        workerSrc: ["'self'", 'blob:'],
      },
    },
    // The wall is usually served over plain http inside a private network: neither upgrade requests nor pin HTTPS.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
