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
        // Socket.IO and the API: the page's own origin only. CSP Level 3 'self' also matches ws: and wss: of the same
        // host and port, so the wall's WebSocket needs no scheme source (which would allow any host).
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
    // The wall is usually served over plain http inside a private network: neither upgrade requests nor pin HTTPS.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
}
