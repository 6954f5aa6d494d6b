import type { LoginBody, Me } from '../../shared/schemas/auth.js';
import { HttpError, request, setCsrfToken } from './http.js';

/** Logs in; the server sets the httpOnly session cookie and we keep the CSRF token for later writes. */
export async function login(body: LoginBody): Promise<Me> {
  const me = await request<Me>('POST', '/api/auth/login', { body, quiet401: true });
  setCsrfToken(me.csrfToken);
  return me;
}

/** Who is logged in, or null. Never redirects: the caller decides whether a login is needed. */
export async function fetchMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    const me = await request<Me>('GET', '/api/auth/me', { signal, quiet401: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

export async function logout(): Promise<void> {
  try {
    await request<null>('POST', '/api/auth/logout', { quiet401: true });
  } finally {
    setCsrfToken(null);
  }
}
