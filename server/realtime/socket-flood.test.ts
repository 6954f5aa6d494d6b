import { readdirSync } from 'node:fs';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../test/app.js';
import { rawUpgrade } from '../test/raw-upgrade.js';
import { listenOnFreePort } from '../test/sockets.js';
import { DEFAULT_SOCKETS_PER_ADDRESS } from './handshake-guard.js';

/**
 * The flood an outside attacker ran: 20,000 WebSocket handshakes from one address, while a wall-side client keeps
 * asking /api/health. Raw upgrades (what a script sends), in batches, every accepted socket held open.
 */
const ATTEMPTS = 20_000;
const BATCH = 500;

let app: FastifyInstance;
let port = 0;
beforeAll(async () => {
  app = await testApp();
  port = Number(new URL(await listenOnFreePort(app)).port);
});
afterAll(() => app.close());

const attempt = () => rawUpgrade(port);

/** GET /api/health in a loop until stopped: how many answered, and the slowest answer. */
function probeHealth() {
  let stopped = false;
  const got = { answered: 0, failed: 0, worstMs: 0 };
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const status = await new Promise<number>((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/health', agent: false }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(0));
        req.end();
      });
      got.worstMs = Math.max(got.worstMs, performance.now() - started);
      if (status === 200) got.answered += 1;
      else got.failed += 1;
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return { got, stop: async () => ((stopped = true), await loop) };
}

describe('a flood of handshakes from one address', () => {
  it('holds at most MOSHAO_SOCKETS_PER_ADDRESS, refuses the rest with the reason, keeps answering /api/health, and frees every slot', async () => {
    const memoryBefore = process.memoryUsage().rss;
    const health = probeHealth();
    const held: Duplex[] = [];
    const reasons = new Map<string, number>();
    let errors = 0;
    let mostOpen = 0;
    let mostFds = 0;
    const started = performance.now();
    for (let done = 0; done < ATTEMPTS; done += BATCH) {
      const outcomes = await Promise.all(Array.from({ length: Math.min(BATCH, ATTEMPTS - done) }, attempt));
      for (const o of outcomes) {
        if (o.kind === 'open') held.push(o.socket);
        else if (o.kind === 'refused') {
          expect(o.status).toBe(400);
          const key = o.reason.replace(/retry in \d+ s/, 'retry in N s');
          reasons.set(key, (reasons.get(key) ?? 0) + 1);
        } else errors += 1;
      }
      mostOpen = Math.max(mostOpen, app.moshao.io.engine.clientsCount);
      // This process's descriptors: the server's and the attacker's ends of every socket alike.
      mostFds = Math.max(mostFds, readdirSync('/proc/self/fd').length);
    }
    const floodMs = performance.now() - started;
    await health.stop();
    const memoryPeak = process.memoryUsage().rss;
    // The figure for docs/RELIABILITY.md; no assertion on milliseconds (it depends on the machine).
    console.log(`flood: ${ATTEMPTS} attempts in ${Math.round(floodMs)} ms, ${held.length} held, ${errors} errors, health answered ${health.got.answered}`
      + ` (failed ${health.got.failed}), worst health ${Math.round(health.got.worstMs)} ms, most fds ${mostFds}, rss ${Math.round(memoryBefore / 2 ** 20)} -> ${Math.round(memoryPeak / 2 ** 20)} MB`);
    console.log([...reasons].map(([r, n]) => `  ${n} x ${r}`).join('\n'));

    expect(held.length).toBeGreaterThan(0);
    expect(held.length).toBeLessThanOrEqual(DEFAULT_SOCKETS_PER_ADDRESS);
    expect(mostOpen).toBeLessThanOrEqual(DEFAULT_SOCKETS_PER_ADDRESS);
    expect(errors).toBe(0);
    expect(held.length + [...reasons.values()].reduce((a, b) => a + b, 0)).toBe(ATTEMPTS);
    // Every refusal says why, in words the caller can act on.
    for (const reason of reasons.keys()) expect(reason).toMatch(/^Too many (new )?connections from your address/);
    expect(health.got.answered).toBeGreaterThan(0);
    expect(health.got.failed).toBe(0);

    for (const s of held) s.destroy();
    await expect.poll(() => app.moshao.io.engine.clientsCount, { timeout: 5_000 }).toBe(0);
    // Every slot came back: once the rate allows again, the address may open sockets as before.
    await new Promise((r) => setTimeout(r, 1_000));
    const again = await Promise.all(Array.from({ length: 10 }, attempt));
    expect(again.map((o) => o.kind)).toEqual(Array(10).fill('open'));
    for (const o of again) if (o.kind === 'open') o.socket.destroy();
    await expect.poll(() => app.moshao.io.engine.clientsCount, { timeout: 5_000 }).toBe(0);
  }, 60_000);
});
