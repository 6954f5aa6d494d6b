/** A failed API call with the server's status and, when it sent one, its error body's message. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** GET a JSON resource from the same origin (the wall is served by the API server or proxied by Vite). */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
    const message = typeof body?.message === 'string' ? body.message : `${res.status} ${res.statusText}`;
    throw new HttpError(res.status, `GET ${path}: ${message}`);
  }
  return (await res.json()) as T;
}
