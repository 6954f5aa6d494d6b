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
  // @fastify/multipart logs the request's headers at trace level as it starts reading an upload (POST /api/media).
  'busboyOptions.headers.authorization', 'busboyOptions.headers.cookie', 'busboyOptions.headers["x-csrf-token"]',
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
    // Whatever a call puts in a line, the line stays readable by the tools that ship logs (many cut at 16 KiB or less).
    hooks: { streamWrite: capLine },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? null }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
    },
    ...(opts.stream ? { stream: opts.stream } : {}),
    ...(opts.pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  };
}

/** No log line is longer than this (UTF-8 bytes, its newline included). */
export const LOG_LINE_MAX_BYTES = 8 * 1024;
/** Room left for the note that says what was dropped. */
const CAP_MARGIN_BYTES = 512;

/**
 * A serialized log line over LOG_LINE_MAX_BYTES becomes a shorter one: its top-level fields in order while they fit,
 * then `truncated: { bytes, dropped }` naming the fields left out. Shorter lines pass as they are.
 */
export function capLine(line: string): string {
  // UTF-8 spends at most 3 bytes per UTF-16 unit: most lines need no counting.
  if (line.length * 3 <= LOG_LINE_MAX_BYTES) return line;
  const bytes = Buffer.byteLength(line);
  if (bytes <= LOG_LINE_MAX_BYTES) return line;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(line) as Record<string, unknown>;
  } catch {
    fields = {};
  }
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  let size = 2;
  for (const [key, value] of Object.entries(fields)) {
    const entry = Buffer.byteLength(JSON.stringify({ [key]: value })) - 1;
    if (size + entry <= LOG_LINE_MAX_BYTES - CAP_MARGIN_BYTES) {
      kept[key] = value;
      size += entry;
    } else {
      dropped.push(key.slice(0, 40));
    }
  }
  const note = { bytes, dropped: dropped.slice(0, 10) };
  return `${JSON.stringify({ ...kept, truncated: note })}\n`;
}
