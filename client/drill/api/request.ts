import { CSRF_HEADER } from '../../../shared/schemas/auth.js';

/** A failed call: the HTTP status and the server's { error, message } (or the status text). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

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

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Login itself answers 401 for a wrong password: that is the form's message, not a redirect. */
  quiet401?: boolean;
}

/** Same-origin JSON call. Writes carry the CSRF header; a 204 resolves to null. */
export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  const res = await fetch(path, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    credentials: 'same-origin',
    signal: opts.signal,
  });
  if (res.status === 204) return null as T;
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
    const code = typeof body?.error === 'string' ? body.error : String(res.status);
    const message = typeof body?.message === 'string' ? body.message : `${res.status} ${res.statusText}`;
    if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
    throw new ApiError(res.status, code, message);
  }
  return (await res.json()) as T;
}

export const getJson = <T>(path: string, signal?: AbortSignal): Promise<T> => request<T>('GET', path, { signal });
