import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogOptions {
  level?: LogLevel;
  /** Where the JSON lines go (tests capture them); stdout by default. */
  stream?: { write(line: string): void };
  /** Human-readable lines through pino-pretty (a dev dependency): `npm run dev` only. */
  pretty?: boolean;
}

/**
 * Headers that carry credentials, wherever a log call might put them. The serializers below never output headers at
 * all; this is for the call that logs a request or its headers by hand.
 */
const REDACTED = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers.cookie', 'headers["x-csrf-token"]',
];

/**
 * Fastify's logger, as JSON lines with request ids (reqId). A request is logged by its method and route pattern
 * (`/api/tickets/:id`), never its URL: a query string carries whatever a caller typed (Open311 filings put the
 * description there), and a path segment can too. No headers, no address, no body.
 */
export function loggerOptions(opts: LogOptions = {}): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: opts.level ?? 'info',
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? null }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
    ...(opts.stream ? { stream: opts.stream } : {}),
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}

/** New at every start: a pseudonym cannot be undone by hashing every phone number, nor followed across restarts. */
const PSEUDONYM_KEY = randomBytes(32);

/**
 * A short keyed SHA-256 (12 hex digits) of something a log line or the audit log must not hold as it is: a sender's
 * own event id (which may carry a phone number), an anonymous wall's address. Equal values look equal within one run.
 */
export function pseudonym(value: string): string {
  return createHmac('sha256', PSEUDONYM_KEY).update(value).digest('hex').slice(0, 12);
}
