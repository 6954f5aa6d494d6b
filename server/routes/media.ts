import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { MEDIA_MAX_BYTES, MediaParamsSchema, MediaQuerySchema, MediaUploadedSchema } from '../../shared/schemas/media.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import { createRateLimiter, type Budget } from '../auth/rate-limiter.js';
import { callerId, type Principal } from '../auth/policy.js';
import { DomainError, rateLimited } from '../domain/errors.js';
import { ANONYMOUS_UPLOADER } from '../media/media-service.js';
import type { MediaRow } from '../storage/media-repository.js';
import type { RouteContext } from './context.js';
import { readsInFull } from './ticket-view.js';

/** Anonymous residents' uploads per address: six photos a report, a few reports a minute, never a flood. */
export const ANONYMOUS_UPLOAD_BUDGET: Budget = { perMinute: 20, burst: 12 };
/** Accounts that file through their own door (the phone app's 信息员 and 中心户) and may upload, besides 'ticket:create'. */
const UPLOADING_ROLES = new Set<string>(['reporter']);
const imageBody = { description: 'the photo, JPEG bytes' };

/**
 * Photos (docs/privacy.md): POST /api/media takes one photo from whoever may report, GET /api/media/:id gives it back
 * only to readers of its ticket in full, to the ticket's reporter, and to its uploader until it is attached. Everyone
 * else, the public, the wall and Open311 included, gets the same 404 as for an id that does not exist.
 */
export function mediaRoutes(ctx: RouteContext, now: () => number) {
  const { authorizer, intakeBudget } = ctx.auth;
  const { media } = ctx;
  const anonymous = createRateLimiter(ANONYMOUS_UPLOAD_BUDGET, now);

  /** Who uploads, charged to its budget, before a byte of the body is read. */
  const uploader = async (req: FastifyRequest): Promise<string> => {
    const auth = authorizer.authenticate(req);
    if (!auth.principal) {
      if (auth.reason !== 'none') authorizer.check(req, 'ticket:create'); // a bad token or an ended session: its 401
      const v = anonymous.take(req.ip);
      if (!v.ok) throw rateLimited(`Too many photos from this address; try again in ${Math.ceil(v.retryAfterMs / 1000)} s.`, v.retryAfterMs);
      return ANONYMOUS_UPLOADER;
    }
    const p = auth.principal;
    if (p.kind === 'account' && UPLOADING_ROLES.has(p.role)) authorizer.checkCsrf(req, auth);
    else authorizer.check(req, 'ticket:create');
    await intakeBudget(req);
    return callerId(p);
  };

  /** Whether this caller may see this photo. */
  const maySee = (p: Principal | null, row: MediaRow): boolean => {
    if (!p) return false;
    const key = callerId(p);
    if (row.ticketId === null) return row.uploaderKey === key;
    const ticket = ctx.service.findTicket(row.ticketId);
    if (!ticket) return false;
    return readsInFull(p, ticket) || media.isReporterOf(row.ticketId, key);
  };

  return async (fastify: FastifyInstance) => {
    // Multipart only here: every other route keeps answering 415 to it.
    await fastify.register(multipart, { limits: { fileSize: MEDIA_MAX_BYTES, files: 1, fields: 4, parts: 5, headerPairs: 100 }, throwFileSizeLimit: true });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const keys = new WeakMap<FastifyRequest, string>();

    app.post('/api/media', {
      onRequest: async (req) => { keys.set(req, await uploader(req)); },
      schema: { response: { 201: MediaUploadedSchema, ...ErrorResponses } },
    }, async (req, reply) => {
      if (!req.isMultipart()) throw new DomainError(415, 'unsupported_media_type', 'Send the photo as multipart/form-data in the field "file".', 'file');
      let bytes: Buffer;
      try {
        const part = await req.file();
        if (!part || part.fieldname !== 'file') throw new DomainError(400, 'missing_file', 'Send the photo in the multipart field "file".', 'file');
        bytes = await part.toBuffer();
        // The library checks the limit per chunk it hands over, and can miss a limit reached on the last one: a 30 MB
        // file would come back as its first 10 MB, a valid photo if one fits there. The stream's own flag is final here.
        if (part.file.truncated) throw new DomainError(413, 'too_large', `The photo is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB; nothing was stored.`, 'file');
      } catch (err) {
        if (err instanceof DomainError) throw err;
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError(413, 'too_large', `The photo is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB; nothing was stored.`, 'file');
        if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
          throw new DomainError(413, 'too_many_parts', 'Send one photo per request, in the field "file".', 'file');
        }
        throw new DomainError(400, 'malformed_multipart', 'The multipart body could not be read to its end; nothing was stored.', 'file');
      }
      const stored = await media.upload(bytes, keys.get(req)!);
      req.log.info({ mediaId: stored.id, bytes: stored.bytes }, 'photo stored');
      return reply.status(201).send(stored);
    });

    app.get('/api/media/:id', {
      schema: { params: MediaParamsSchema, querystring: MediaQuerySchema, response: { 200: imageBody, ...ErrorResponses } },
    }, async (req, reply) => {
      const row = media.find(req.params.id);
      const bytes = row && maySee(authorizer.principalOf(req), row) ? await media.bytesOf(row, req.query.size ?? 'full') : null;
      if (!bytes) throw new DomainError(404, 'not_found', `No photo ${req.params.id} that you may see.`);
      // Never kept by a shared cache, and by the browser only for this session's page.
      return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(bytes);
    });
  };
}
