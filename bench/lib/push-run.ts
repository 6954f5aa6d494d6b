import type { ChildProcess } from 'node:child_process';
import type { BenchConfig } from '../config.js';
import { log } from '../config.js';
import { spawnChild, type Child } from './child.js';
import { httpRequest } from './http.js';

export interface PushTarget {
  label: string;
  port: number;
  /** Where its clients connect, spread over these round-robin (the edges of a cluster); `port` when absent. */
  clientPorts?: number[];
  path: string;
  headers: Record<string, string>;
}
export interface PushResult {
  latencies: number[];
  posted: number;
  missing: number;
  deltaBytes: number;
  upsertBytes: number;
}
interface Report {
  /** Per client, [ticket id, epoch ms of its first receipt]. */
  receipts: [number, number][][];
  deltaBytes: number;
  upsertBytes: number;
}

const WARMUP_ROUNDS = 3;
/** After the last post: the app's window plus fan-out to every client, with room to spare. */
const DRAIN_MS = 1500;

const ask = <T>(proc: ChildProcess, cmd: string): Promise<T> =>
  new Promise((resolve) => {
    proc.once('message', (m) => resolve(m as T));
    proc.send({ cmd });
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function connectClients(cfg: BenchConfig, target: PushTarget): Promise<Child<unknown>[]> {
  const per = Math.ceil(cfg.pushClients / cfg.pushClientProcs);
  const procs: Child<unknown>[] = [];
  for (let i = 0, left = cfg.pushClients; left > 0; i++, left -= per) {
    const ports = target.clientPorts ?? [target.port];
    const args = [String(ports[i % ports.length]), String(Math.min(per, left)), '321171'];
    procs.push(await spawnChild(`clients-${target.label}-${i}`, 'clients/push-clients.ts', { args, ipc: true }));
  }
  log(`push ${target.label}: ${cfg.pushClients} clients connected and subscribed`);
  return procs;
}

/**
 * Both targets are measured in the same period, interleaved: each round posts one stamped ticket to every target,
 * target k a k/3 of the interval after the round starts. On a shared 2-core machine a burst of outside load then hits
 * both sides alike, and the slots keep their fan-outs apart: with 600 ms rounds the raw emit goes at 0, the app's
 * intake at 200 and its coalesced flush near 450 ms. Each target gets a fresh ticket every interval (> the window).
 */
export async function runInterleaved(cfg: BenchConfig, targets: PushTarget[], bodies: string[]): Promise<PushResult[]> {
  const clients: Child<unknown>[][] = [];
  try {
    for (const t of targets) clients.push(await connectClients(cfg, t));
    // Send times of the measured tickets by target and id: upserts carry the public ticket (no title), so the id the
    // 201 answers is what links a receipt to its send.
    const sentAt = targets.map(() => new Map<number, number>());
    const post = async (t: PushTarget, i: number, tag: string) => {
      const at = performance.timeOrigin + performance.now();
      const res = await httpRequest(t.port, 'POST', t.path, { body: bodies[i % bodies.length], headers: t.headers });
      if (res.status !== 201) throw new Error(`push ${t.label}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
      if (tag === 'M') sentAt[targets.indexOf(t)].set((JSON.parse(res.body) as { id: number }).id, at);
    };
    const rounds = async (count: number, tag: string) => {
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        for (let k = 0; k < targets.length; k++) {
          await sleep(start + i * cfg.pushIntervalMs + (k * cfg.pushIntervalMs) / 3 - performance.now());
          await post(targets[k], i, tag);
        }
      }
      await sleep(start + count * cfg.pushIntervalMs - performance.now() + DRAIN_MS);
    };
    await rounds(WARMUP_ROUNDS, 'W');
    await Promise.all(clients.flat().map((c) => ask(c.proc, 'reset')));
    const n = Math.max(1, Math.floor((cfg.pushSeconds * 1000) / cfg.pushIntervalMs));
    log(`push: ${n} rounds, one ticket per target every ${cfg.pushIntervalMs} ms`);
    await rounds(n, 'M');
    return await Promise.all(clients.map(async (procs, k) => {
      const reports = await Promise.all(procs.map((c) => ask<Report>(c.proc, 'report')));
      const latencies = reports.flatMap((r) => r.receipts.flatMap((seen) => seen.flatMap(([id, at]) => {
        const sent = sentAt[k].get(id);
        return sent === undefined ? [] : [at - sent];
      })));
      return {
        latencies, posted: n, missing: n * cfg.pushClients - latencies.length,
        deltaBytes: Math.max(...reports.map((r) => r.deltaBytes)), upsertBytes: Math.max(...reports.map((r) => r.upsertBytes)),
      };
    }));
  } finally {
    await Promise.all(clients.flat().map((c) => c.stop()));
  }
}
