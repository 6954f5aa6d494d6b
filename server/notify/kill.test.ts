import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { forkServer, loginAdmin, postTicket, type AdminSession, type ForkedServer } from '../test/forked-server.js';
import { liveDbWithWorld } from '../test/live-world.js';
import { hang, json, startReceiver, type Receiver } from '../test/receivers.js';

/**
 * kill -9 of the real server while digests are in flight to a receiver that has not answered yet, and more rows wait in
 * the outbox: after a restart every row is sent, at least once, and a digest cut off in flight goes again under the
 * same webhook-id.
 */
const dir = mkdtempSync(join(tmpdir(), 'moshao-notify-kill-'));
let server: ForkedServer | null = null;
let hook: Receiver | null = null;
afterAll(async () => {
  await server?.kill();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ENV = { MOSHAO_MODE: 'live', MOSHAO_NOTIFY_PRIVATE_TARGETS: 'true' };
const TICKETS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function send(base: string, session: AdminSession, method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', ...session }, body: JSON.stringify(body) });
}
async function escalateNew(base: string, session: AdminSession, key: string, cell: string): Promise<number> {
  const filed = await postTicket(base, key, cell);
  expect(filed.status).toBe(201);
  for (const action of ['accept', 'escalate']) {
    const res = await send(base, session, 'POST', `/api/tickets/${filed.id}/transitions`, { action });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return filed.id!;
}
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('the 督办 outbox across a kill -9', () => {
  it('loses nothing: every row is sent after the restart, a digest cut off in flight under the same webhook-id', async () => {
    const dbPath = await liveDbWithWorld(dir, 'notify.db');
    const ro = new Database(dbPath, { readonly: true });
    const cell = ro.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 1').pluck().get() as string;
    ro.close();
    hook = await startReceiver(hang);
    server = await forkServer(dbPath, ENV);
    const session = await loginAdmin(server.base);
    const created = await send(server.base, session, 'POST', '/api/admin/notify/subscriptions', { name: '区平台', channel: 'webhook', url: hook.url, levels: ['escalated'] });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };

    const ids: number[] = [];
    for (let i = 0; i < TICKETS / 2; i++) ids.push(await escalateNew(server.base, session, `before-${i}`, cell));
    await until('a digest in flight', () => hook!.received.length > 0);
    // More rows wait behind the one in flight (one digest at a time per subscription).
    for (let i = 0; i < TICKETS / 2; i++) ids.push(await escalateNew(server.base, session, `during-${i}`, cell));
    const inFlight = new Set(hook.received.map((r) => r.headers['webhook-id']));
    await server.kill();

    const killed = new Database(dbPath, { readonly: true });
    const rows = () => killed.prepare('SELECT id, ticket_id AS ticketId, status, batch_id AS batchId FROM notify_outbox ORDER BY id').all() as { id: number; ticketId: number; status: string; batchId: number | null }[];
    expect(rows().map((r) => r.ticketId).sort()).toEqual([...ids].sort());
    // Nothing was answered: every row still waits (a digest whose 10 s ran out before the kill waits for its retry).
    expect(rows().every((r) => r.status === 'pending' || r.status === 'failed')).toBe(true);
    killed.close();

    hook.answer(json(204, {}));
    const before = hook.received.length;
    server = await forkServer(dbPath, ENV);
    const session2 = await loginAdmin(server.base);
    const outbox = async () => ((await (await fetch(`${server!.base}/api/admin/notify/outbox`, { headers: session2 })).json()) as { items: { status: string }[] }).items;
    await until('every row sent', async () => (await outbox()).every((r) => r.status === 'sent'));

    const after = hook.received.slice(before);
    const verifier = new Webhook(secret);
    const delivered = new Set<number>();
    for (const got of after) {
      const payload = verifier.verify(got.body, got.headers) as { data: { tickets: { id: number }[] } };
      for (const t of payload.data.tickets) delivered.add(t.id);
    }
    expect([...delivered].sort()).toEqual([...ids].sort());
    const resentIds = new Set(after.map((r) => r.headers['webhook-id']));
    for (const id of inFlight) expect(resentIds.has(id), `webhook-id ${id} sent again`).toBe(true);
    await server.stop();
    server = null;
  }, 120_000);
});
