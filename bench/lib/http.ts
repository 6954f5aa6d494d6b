import { Agent, request } from 'node:http';

/** One keep-alive connection: sequential timed loops then measure service time, not queueing behind other requests. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export interface HttpResult {
  status: number;
  body: string;
}

export function httpRequest(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  opts: { body?: string; headers?: Record<string, string>; keepAlive?: boolean } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(opts.body);
    }
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, agent: opts.keepAlive === false ? false : agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

export async function getJson<T>(port: number, path: string): Promise<T> {
  const res = await httpRequest(port, 'GET', path);
  if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  return JSON.parse(res.body) as T;
}

/** Times `count` sequential GETs after `warmup` untimed ones; every answer must be 200. Returns latencies in ms. */
export async function timedGets(port: number, path: string, count: number, warmup: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const t0 = performance.now();
    const res = await httpRequest(port, 'GET', path);
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}`);
    if (i >= warmup) out.push(ms);
  }
  return out;
}

/** Polls until the server answers 200 on `path`; resolves with performance.now() at that answer. */
export async function waitForOk(port: number, path: string, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const res = await httpRequest(port, 'GET', path, { keepAlive: false });
      if (res.status === 200) return performance.now();
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) throw new Error(`${path} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function closeHttpAgent(): void {
  agent.destroy();
}
