import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BODY_BYTES } from '../../shared/constants.js';
import type { ErrorBody } from '../../shared/schemas/common.js';
import { clip, DomainError } from '../domain/errors.js';

const body = (error: string, message: string, field?: string): ErrorBody => (field ? { error, message, field } : { error, message });

export { clip };

/** One place that turns every failure into { error, message, field? } with the right status; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof DomainError && err.retryAfterMs !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
    if (err instanceof DomainError) {
      return reply.status(err.status).send(body(err.code, err.message, err.field));
    }
    if (err.validation) {
      const first = err.validation[0];
      const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
      const missing = (first?.params as { requiredProperties?: string[]; missingProperty?: string } | undefined);
      const named = path || missing?.requiredProperties?.[0] || missing?.missingProperty || err.validationContext || undefined;
      const field = named === undefined ? undefined : clip(named);
      const where = err.validationContext ?? 'body';
      return reply.status(400).send(body('invalid_' + where, describeValidation(where, field, first), field));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
      return reply.status(400).send(body('malformed_json', 'The request body is not valid JSON.'));
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limitKiB = Math.round((req.routeOptions.bodyLimit ?? MAX_BODY_BYTES) / 1024);
      return reply.status(413).send(body('too_large', `The request body is larger than the ${limitKiB} KiB allowed.`));
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(body('unsupported_media_type', 'Send the body as application/json.'));
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Errors without a code come from the static file server: 403 for a path that leaves the client directory.
      const code = err.code ?? (err.statusCode === 403 ? 'forbidden' : err.statusCode === 404 ? 'not_found' : 'bad_request');
      const message = err.code ? err.message : `${err.message}: this path names no file the server serves.`;
      return reply.status(err.statusCode).send(body(code, message));
    }
    req.log.error(err);
    return reply.status(500).send(body('internal', 'Something went wrong on the server; the request changed nothing. Try again.'));
  });
}

/**
 * Fastify's `frameworkErrors` option: failures of the router itself, before any route or error handler runs (a path
 * whose percent-encoding does not decode, a parameter over maxParamLength). Without it Fastify answers its own
 * { error, code, message, statusCode } body, and echoes the whole URL back.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(414).send(body('uri_too_long', 'A part of the URL path is longer than any valid id.'));
  } else if (err.code === 'FST_ERR_BAD_URL') {
    void reply.status(400).send(body('bad_url', 'The URL path is not valid: a %-escape does not decode to UTF-8.'));
  } else {
    void reply.status(500).send(body('internal', 'Something went wrong on the server; the request changed nothing. Try again.'));
  }
}

type ValidationIssue = { keyword?: string; message?: string; params?: Record<string, unknown> } | undefined;

/** One sentence per validation failure, naming the field and what would be accepted. */
function describeValidation(where: string, field: string | undefined, issue: ValidationIssue): string {
  const name = field ? `"${field}"` : `the ${where}`;
  const allowed = issue?.params?.allowedValues;
  if (issue?.keyword === 'required') return `${name} is required in the ${where}.`;
  if (issue?.message === 'schema is false' || issue?.keyword === 'additionalProperties') return `${name} is not an accepted field of the ${where}.`;
  if (Array.isArray(allowed)) return `${name} must be one of: ${allowed.join(', ')}.`;
  return `Invalid ${where}: ${name} ${issue?.message ?? 'is not valid'}.`;
}
