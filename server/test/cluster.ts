import type { FastifyInstance } from 'fastify';
import { io as connect, type Socket } from 'socket.io-client';
import type { AppOptions } from '../app.js';
import { connectCluster, type ClusterLink } from '../cluster/redis-link.js';
import { buildEdge } from '../edge/edge.js';
import { TEST_TOKEN, testApp } from './app.js';
import { listenOnFreePort } from './sockets.js';

export interface Node {
  app: FastifyInstance;
  url: string;
  link: ClusterLink;
}

/** An in-process writer (the small world, in memory) joined to Redis, listening on a free port. */
export async function startWriter(redisUrl: string, over: Partial<AppOptions> = {}): Promise<Node> {
  const link = await connectCluster(redisUrl, () => {});
  const app = await testApp({ cluster: link, ...over });
  await link.joined(app.moshao.io);
  return { app, link, url: await listenOnFreePort(app) };
}

/** An in-process edge in front of `writerUrl`, listening on a free port. */
export async function startEdge(redisUrl: string, writerUrl: string, clientDir = '/nonexistent'): Promise<Node> {
  const link = await connectCluster(redisUrl, () => {});
  const app = await buildEdge({ writerUrl, cluster: link, clientDir });
  return { app, link, url: await listenOnFreePort(app) };
}

export async function stopNode(node: Node | null | undefined): Promise<void> {
  if (!node) return;
  const io = 'moshao' in node.app && node.app.moshao ? node.app.moshao.io : node.app.edge.io;
  await node.app.close();
  await node.link.close(io);
}

interface Delta {
  scope: string;
  seq: number;
  patch: Record<string, unknown>;
}

/**
 * A wall as client/realtime/socket.ts is one, over a real socket: subscribes, keeps the deltas that come while the
 * subscribe is on its way, applies seq + 1 onwards and re-subscribes on a gap. It records what a test checks: the
 * snapshots taken, every gap seen, the seqs applied and the ids of the tickets that reached it.
 */
export class TestWall {
  socket!: Socket;
  seq: number | null = null;
  snapshots = 0;
  gaps: string[] = [];
  applied: number[] = [];
  tickets = new Set<number>();
  lastPatch: Record<string, unknown> = {};
  private subscribing = false;
  private early: Delta[] = [];

  constructor(readonly scope: string) {}

  /** Connects to `url` (again, after its node died) and subscribes; resolves with the snapshot's seq. */
  async open(url: string, cookie?: string): Promise<number> {
    this.socket = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
    this.socket.on('scope:delta', (d: Delta) => this.onDelta(d));
    this.socket.on('ticket:upsert', (u: { scope: string; tickets: { id: number }[] }) => {
      if (u.scope === this.scope) for (const t of u.tickets) this.tickets.add(t.id);
    });
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
    return this.subscribe();
  }

  async subscribe(): Promise<number> {
    this.subscribing = true;
    this.early = [];
    const res = (await this.socket.timeout(10_000).emitWithAck('scope:subscribe', { scope: this.scope })) as { ok: boolean; error?: string; data?: { seq: number } };
    this.subscribing = false;
    if (!res.ok) throw new Error(`subscribe refused: ${res.error}`);
    const snapshotSeq = res.data!.seq;
    this.seq = snapshotSeq;
    this.snapshots += 1;
    const held = this.early;
    this.early = [];
    // Deltas that came while subscribing move this.seq on: the answer is still the snapshot's own seq.
    for (const d of held) this.onDelta(d);
    return snapshotSeq;
  }

  private onDelta(d: Delta): void {
    if (d.scope !== this.scope) return;
    if (this.subscribing || this.seq === null) return void this.early.push(d);
    if (d.seq <= this.seq) return;
    if (d.seq !== this.seq + 1) {
      this.gaps.push(`${this.seq} -> ${d.seq}`);
      void this.subscribe();
      return;
    }
    this.seq = d.seq;
    this.applied.push(d.seq);
    this.lastPatch = { ...this.lastPatch, ...d.patch };
  }

  close(): void {
    this.socket?.close();
  }
}

/** A resident's report through `base` (an edge: the writer gets it through the edge's proxy); its ticket id. */
export async function fileTicket(base: string, gridId: string, n: number): Promise<number> {
  const res = await fetch(`${base}/api/tickets`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_TOKEN}` },
    body: JSON.stringify({ category: 'lamp', title: `路灯不亮 ${n}`, description: '楼前路灯不亮', channel: 'mini_program', reporterRole: 'resident', gridId, address: '3号楼' }),
  });
  if (res.status !== 201) throw new Error(`intake ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: number }).id;
}

/** Polls `check` until it holds (or throws with `what` after `ms`). */
export async function eventually(what: () => string, check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
