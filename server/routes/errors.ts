import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_BODY_BYTES } from '../../shared/constants.js';
import type { ErrorBody } from '../../shared/schemas/common.js';
import { clip, DomainError } from '../domain/errors.js';

const body = (error: string, message: string, field?: string): ErrorBody => (field ? { error, message, field } : { error, message });

export { clip };

/** Every failure, classified once: what the caller is told, in whatever format its API speaks. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  field?: string;
  /** Whole seconds, sent as Retry-After (a 429). */
  retryAfterS?: number;
}

/** The media types a scope's bodies may come in, for the 415's sentence. */
export interface ErrorWording {
  mediaTypes: string;
}

const API_WORDING: ErrorWording = { mediaTypes: 'application/json' };
const INTERNAL: Refusal = { status: 500, code: 'internal', message: 'Something went wrong on the server; the request changed nothing. Try again.' };

/** Sends a refusal in one API's format; the status and Retry-After are already set on the reply. */
export type RefusalFormatter = (req: FastifyRequest, reply: FastifyReply, refusal: Refusal) => FastifyReply;

/** { error, message, field? }: the format of /api/*, the static files and everything else but Open311. */
const apiFormat: RefusalFormatter = (_req, reply, r) => reply.send(body(r.code, r.message, r.field));

/** Turns any error a request can end in into the one Refusal the formatters send. 500 for anything unforeseen. */
export function classifyError(err: FastifyError, req: FastifyRequest, wording: ErrorWording = API_WORDING): Refusal {
  if (err instanceof DomainError) {
    const retryAfterS = err.retryAfterMs === undefined ? undefined : Math.max(1, Math.ceil(err.retryAfterMs / 1000));
    return { status: err.status, code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}), ...(retryAfterS ? { retryAfterS } : {}) };
  }
  if (err.validation) return validationRefusal(err, req);
  if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err.statusCode === 400 && err instanceof SyntaxError)) {
    return { status: 400, code: 'malformed_json', message: 'The request body is not valid JSON.' };
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limitKiB = Math.round((req.routeOptions.bodyLimit ?? MAX_BODY_BYTES) / 1024);
    return { status: 413, code: 'too_large', message: `The request body is larger than the ${limitKiB} KiB allowed.` };
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, code: 'unsupported_media_type', message: `Send the body as ${wording.mediaTypes}.` };
  }
  // The router's own failures, before any route runs (see frameworkErrorHandler).
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return { status: 414, code: 'uri_too_long', message: 'A part of the URL path is longer than any valid id.' };
  if (err.code === 'FST_ERR_BAD_URL') return { status: 400, code: 'bad_url', message: 'The URL path is not valid: a %-escape does not decode to UTF-8.' };
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    // Errors without a code come from the static file server: 403 for a path that leaves the client directory.
    const code = err.code ?? (err.statusCode === 403 ? 'forbidden' : err.statusCode === 404 ? 'not_found' : 'bad_request');
    const message = err.code ? clip(err.message, 200) : `${err.message}: this path names no file the server serves.`;
    return { status: err.statusCode, code, message };
  }
  return INTERNAL;
}

/**
 * The one error pipeline: classify, log a 5xx with the server's own error, set the status and Retry-After, and let the
 * scope's formatter write the body. The API and Open311 differ only in their formatter (and the 415's media types).
 */
export function errorPipeline(format: RefusalFormatter = apiFormat, wording: ErrorWording = API_WORDING) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const refusal = classifyError(err, req, wording);
    if (refusal.status >= 500) req.log.error(err);
    if (refusal.retryAfterS !== undefined) reply.header('retry-after', String(refusal.retryAfterS));
    reply.status(refusal.status);
    return format(req, reply, refusal);
  };
}

/** One place that turns every failure into { error, message, field? } with the right status; never a stack trace. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(errorPipeline());
}

/**
 * Fastify's `frameworkErrors` option: failures of the router itself, before any route or error handler runs (a path
 * whose percent-encoding does not decode, a parameter over maxParamLength), through the same pipeline. Without it
 * Fastify answers its own { error, code, message, statusCode } body, and echoes the whole URL back.
 */
export const frameworkErrors: (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => void = errorPipeline();

type ValidationIssue = { keyword?: string; message?: string; schemaPath?: string; params?: Record<string, unknown> } | undefined;

function validationRefusal(err: FastifyError, req: FastifyRequest): Refusal {
  const first = err.validation?.[0] as ValidationIssue & { instancePath?: string };
  const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const missing = first?.params as { requiredProperties?: string[]; missingProperty?: string } | undefined;
  const named = path || missing?.requiredProperties?.[0] || missing?.missingProperty || err.validationContext || undefined;
  const field = named === undefined ? undefined : clip(named);
  const where = err.validationContext ?? 'body';
  const own = ownMessage(schemaOf(req, where), first?.schemaPath);
  // A query key given twice arrives as a list: say so rather than "must be string".
  const repeated = where === 'querystring' && Array.isArray((req.query as Record<string, unknown> | undefined)?.[path]);
  const message = own ?? (repeated ? `"${field}" must be given once in the query.` : describeValidation(where, field, first));
  return { status: 400, code: 'invalid_' + where, message, ...(field ? { field } : {}) };
}

/** The route's schema of one part of the request (querystring, params, headers, body). */
function schemaOf(req: FastifyRequest, where: string): unknown {
  const schema = req.routeOptions.schema as Record<string, unknown> | undefined;
  return schema?.[where] ?? (where === 'querystring' ? schema?.query : undefined);
}

/**
 * A schema may say in words what it accepts (`errorMessage`, as shared/schemas/open311.ts does): the deepest one on
 * the failing schema's path wins over the generic sentence.
 */
function ownMessage(schema: unknown, schemaPath: string | undefined): string | undefined {
  let node = schema as Record<string, unknown> | undefined;
  let found = typeof node?.errorMessage === 'string' ? node.errorMessage : undefined;
  for (const step of (schemaPath ?? '').replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = node?.[decodeURIComponent(step.replace(/~1/g, '/').replace(/~0/g, '~'))] as Record<string, unknown> | undefined;
    if (typeof node?.errorMessage === 'string') found = node.errorMessage;
  }
  return found;
}

/** One sentence per validation failure, naming the field and what would be accepted. */
function describeValidation(where: string, field: string | undefined, issue: ValidationIssue): string {
  const name = field ? `"${field}"` : `the ${where}`;
  const allowed = issue?.params?.allowedValues;
  if (issue?.keyword === 'required') return `${name} is required in the ${where}.`;
  if (issue?.message === 'schema is false' || issue?.keyword === 'additionalProperties') return `${name} is not an accepted field of the ${where}.`;
  if (Array.isArray(allowed)) return `${name} must be one of: ${allowed.join(', ')}.`;
  return `Invalid ${where}: ${name} ${issue?.message ?? 'is not valid'}.`;
}
