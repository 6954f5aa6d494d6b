import { CSRF_HEADER } from '../../shared/constants.js';

/**
 * The one HTTP client of the browser code (lint lets no other module call fetch): same-origin JSON calls with the
 * server's error body kept, the CSRF header on writes, and a timeout so that a hung server never leaves a page
 * waiting forever.
 */

/** A failed call: the HTTP status and the server's `{ error, message, field? }` (the status text when it sent none). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    /** The server's machine-readable `error` (e.g. `out_of_scope`), or the status as a string. */
    readonly code: string,
    message: string,
    /** The request field the server named as wrong, if any. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** No answer within the timeout: the server is up but stuck, or the network dropped the request. */
export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Long enough for the biggest answer (the district's grid geometry on a slow link), short enough to notice a hang. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/**
 * The CSRF token of the session (Me.csrfToken). The session cookie is httpOnly and sent by the browser itself; the
 * token is what proves a write came from our page, so every cookie-authenticated write must echo it.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on every 401, so the app can send the user to the login page once, from one place. */
let onUnauthorized: (() => void) | null = null;

export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Query string from the defined, non-empty values only. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Aborts when either signal does; AbortSignal.any where the browser has it. */
function anySignal(a: AbortSignal, b: AbortSignal | undefined): AbortSignal {
  if (!b) return a;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const both = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) both.abort(s.reason);
    else s.addEventListener('abort', () => both.abort(s.reason), { once: true });
  }
  return both.signal;
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  /** The caller's own cancel (a page that unmounts); combined with the timeout. */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Login itself answers 401 for a wrong password: that is the form's message, not a redirect. */
  quiet401?: boolean;
  /** The answer is a file (a PDF, a workbook): resolves to its bytes and Content-Disposition instead of JSON. */
  file?: boolean;
  /** Extra request headers (an Idempotency-Key); never the CSRF header, which is added here. */
  headers?: Record<string, string>;
  /** Sent as multipart/form-data instead of `body` (a photo): the browser writes the boundary into Content-Type. */
  form?: FormData;
}

/** What a `file` request resolves to. */
export interface FileAnswer {
  blob: Blob;
  disposition: string | null;
}

/** Same-origin JSON call. Writes carry the CSRF header; a 204 resolves to null. */
export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { ...opts.headers, accept: opts.file ? '*/*' : 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      credentials: 'same-origin',
      signal: anySignal(timeout, opts.signal),
    });
  } catch (err) {
    // The caller's own abort stays an AbortError; only our timeout becomes a TimeoutError.
    if (timeout.aborted && !opts.signal?.aborted) throw new TimeoutError(`${method} ${path}: no answer within ${timeoutMs / 1000} s`);
    throw err;
  }
  if (res.status === 204) return null as T;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: unknown; message?: unknown; field?: unknown } | null;
    const code = typeof body?.error === 'string' ? body.error : String(res.status);
    const message = typeof body?.message === 'string' ? body.message : `${res.status} ${res.statusText}`;
    const field = typeof body?.field === 'string' ? body.field : undefined;
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw new HttpError(res.status, code, message, field);
  }
  if (opts.file) return { blob: await res.blob(), disposition: res.headers.get('content-disposition') } satisfies FileAnswer as T;
  return (await res.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => request<T>('GET', path, { signal });
