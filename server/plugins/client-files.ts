import { existsSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { clip } from '../domain/errors.js';

/** A file whose name carries its content hash never changes: the browser keeps it a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Anything else (index.html, which names the current hashed files) is revalidated at every load. */
export const REVALIDATE = 'no-cache';
/** What Vite writes: name-<8+ character hash>.ext under assets/ (a precompressed copy adds .br or .gz). */
const HASHED_NAME = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

export function cacheControlOf(clientDir: string, filePath: string): string {
  const rel = relative(clientDir, filePath);
  return rel.startsWith(`assets${sep}`) && HASHED_NAME.test(basename(rel)) ? IMMUTABLE : REVALIDATE;
}

/** The phone app's pages (client/m/index.html, a page of its own): /m and everything under /m/. */
const PHONE_APP = /^\/m(\/|$|\?)/;
/** The phone app's page, relative to the client directory. */
export const PHONE_APP_PAGE = 'm/index.html';

/**
 * The built client: its files, index.html for the wall's deep links (/drill/...), and the phone app's own page for
 * /m/... (its deep links: /m/report, /m/track/<receipt>); /m itself is sent on to /m/ so that the page, its service
 * worker's scope (/m/) and its relative links agree. Unknown /api/ and
 * /assets/ paths get a 404 naming what was asked. Every process that serves walls (the one process, or an edge)
 * registers it the same way. Hashed assets are cached for good, index.html revalidated; the build's .br and .gz
 * copies (vite.config.ts) are sent as they are to a browser that accepts them, so nothing is compressed per request.
 */
export async function registerClientFiles(app: FastifyInstance, clientDir: string): Promise<void> {
  // Before the static files, which would answer /m (a folder of the build) with its index.html as it is.
  app.addHook('onRequest', async (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    const [path, search] = req.url.split('?', 2);
    if (path === '/m') return reply.redirect(`/m/${search === undefined ? '' : `?${search}`}`, 301);
  });
  if (existsSync(clientDir)) {
    await app.register(fastifyStatic, {
      root: clientDir,
      // wildcard: files are looked up per request, so a rebuilt client is served without a restart.
      wildcard: true,
      index: ['index.html'],
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', cacheControlOf(clientDir, filePath));
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || !existsSync(clientDir)) {
      const hint = req.url.startsWith('/api/') ? `No API route ${req.method} ${clip(req.url.split('?')[0])}.`
        : existsSync(clientDir) ? `No file ${clip(req.url.split('?')[0])} in the client build.` : 'The client is not built: run npm run build.';
      return reply.status(404).send({ error: 'not_found', message: hint });
    }
    if (PHONE_APP.test(req.url)) return reply.sendFile(PHONE_APP_PAGE);
    return reply.sendFile('index.html');
  });
}
