import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { clip } from '../routes/errors.js';

/**
 * The built client: its files, and index.html for the single-page client's deep links (/drill/...). Unknown /api/ and
 * /assets/ paths get a 404 naming what was asked. Every process that serves walls (the one process, or an edge)
 * registers it the same way.
 */
export async function registerClientFiles(app: FastifyInstance, clientDir: string): Promise<void> {
  if (existsSync(clientDir)) {
    // wildcard: files are looked up per request, so a rebuilt client is served without a restart.
    await app.register(fastifyStatic, { root: clientDir, wildcard: true, index: ['index.html'] });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.url.startsWith('/assets/') || !existsSync(clientDir)) {
      const hint = req.url.startsWith('/api/') ? `No API route ${req.method} ${clip(req.url.split('?')[0])}.`
        : existsSync(clientDir) ? `No file ${clip(req.url.split('?')[0])} in the client build.` : 'The client is not built: run npm run build.';
      return reply.status(404).send({ error: 'not_found', message: hint });
    }
    return reply.sendFile('index.html');
  });
}
