import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got: everything a test may grep. */
export interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Changes how it answers from now on. */
  answer: (fn: Answer) => void;
  close: () => Promise<void>;
}
export type Answer = (req: Received, res: ServerResponse) => void;

/** A real HTTP receiver on 127.0.0.1 (port 0) playing a group robot or a webhook endpoint; it records every request. */
export async function startReceiver(answer: Answer, path = '/hook'): Promise<Receiver> {
  let current = answer;
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { url: req.url ?? '', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      current(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (fn) => {
      current = fn;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
/** What 企业微信 and 钉钉 answer on success. */
export const robotOk = json(200, { errcode: 0, errmsg: 'ok' });
/** Never answers (a receiver that hangs). */
export const hang: Answer = () => {};
