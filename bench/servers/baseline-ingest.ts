import Fastify from 'fastify';

/**
 * Baseline for ingest: a bare Fastify 5 route that parses the same JSON body (Fastify's default parser, same body
 * limit as the app) and answers 201 with a small JSON body. No validation, auth or storage: the framework floor.
 */
const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
let n = 0;
app.post('/api/tickets', async (req, reply) => {
  const body = req.body as { title?: string };
  n += 1;
  return reply.status(201).send({ id: n, title: body.title ?? '' });
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
