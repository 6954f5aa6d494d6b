import type { FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';

/** Below this a compressed body saves less than its headers and the work cost: sent as it is. */
export const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Brotli or gzip, as the browser accepts, for every compressible response of the routes registered after this: JSON
 * (geo, summaries), Open311 XML, metrics text, and client files that have no precompressed copy (see client-files.ts).
 * Socket.IO answers on the raw server before Fastify sees a request, so its traffic is untouched (engine.io has its
 * own). Brotli at quality 4 (the plugin's default): fast enough per request, about 3x smaller for JSON.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  // Responses only: request bodies are read as sent, with the body limit applying to the bytes that arrive (the
  // plugin would otherwise inflate a compressed body first; no client of this API sends one).
  app.addHook('onRoute', (route) => {
    route.decompress ??= false;
  });
  await app.register(fastifyCompress, { global: true, threshold: COMPRESS_THRESHOLD_BYTES, encodings: ['br', 'gzip'] });
}
