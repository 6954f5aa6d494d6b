import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, loginAs, OTHER_TOWN, testApp, TEST_TOWN } from '../test/app.js';
import { hang, json, robotOk, startReceiver, type Receiver } from '../test/receivers.js';

/**
 * 督办 notices end to end on a demo app that sends for real (MOSHAO_NOTIFY_IN_DEMO), to real HTTP receivers playing
 * 企业微信, 钉钉 and a Standard Webhooks endpoint. Tickets hold a phone number and a name: no receiver may ever see them.
 */
const PHONE = '13912345678';
const NAME = '张三丰';
const TIMEOUT_MS = 300;

let app: FastifyInstance;
// The wall clock of sessions and of the sender's waits; starts at the real time (receivers check timestamps against it).
let wallNow = Date.now();
const receivers: Receiver[] = [];
let cell: string;

const receiver = async (answer: Parameters<typeof startReceiver>[0]) => {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
};

beforeAll(async () => {
  app = await testApp({
    authNow: () => wallNow,
    notify: { privateTargets: true, inDemo: true, autoSend: false, timeoutMs: TIMEOUT_MS, publicUrl: 'https://moshao.example.cn' },
  });
  cell = (app.moshao.db.prepare(`SELECT id FROM grid_cells WHERE id LIKE '${TEST_TOWN}%' ORDER BY id LIMIT 1`).pluck().get() as string);
});
afterAll(async () => {
  await app.close();
  await Promise.all(receivers.map((r) => r.close()));
});

const admin = () => loginAs(app, 'admin');
async function subscribe(body: Record<string, unknown>) {
  const res = await app.inject({ method: 'POST', url: '/api/admin/notify/subscriptions', headers: await admin(), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; secret: string | null };
}
async function fileTicket(): Promise<{ id: number; reportedAt: number; closeDueAt: number }> {
  const res = await app.inject({
    method: 'POST', url: '/api/tickets', headers: auth, payload: {
      category: 'lamp', title: `${NAME}家门口路灯坏了`, description: `联系人${NAME}，电话${PHONE}，晚上看不见路`, channel: 'mini_program',
      reporterRole: 'resident', gridId: cell, address: `${NAME}家，3号楼`,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function act(id: number, action: string) {
  const res = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: await admin(), payload: { action } });
  expect(res.statusCode, res.body).toBe(200);
}
const escalate = async (id: number) => {
  await act(id, 'accept');
  await act(id, 'escalate');
};
const outbox = async (status?: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/admin/notify/outbox${status ? `?status=${status}` : ''}`, headers: await admin() });
  return (res.json() as { items: { id: number; subscriptionId: number; ticketId: number; level: string; status: string; attempts: number; nextAttemptAt: number; lastError: string | null }[] }).items;
};
const rowsOf = async (subscriptionId: number) => (await outbox()).filter((r) => r.subscriptionId === subscriptionId);
const drain = () => app.moshao.notify.sender.drain();

describe('督办 notices to real receivers', () => {
  it('sends one red digest to a 企业微信 robot, a signed 钉钉 robot and a Standard Webhooks endpoint, with no resident text', async () => {
    const wecom = await receiver(robotOk);
    const ding = await receiver(robotOk);
    const hook = await receiver(json(204, {}));
    const dingSecret = 'SEC0123456789abcdef0123456789abcdef';
    const w = await subscribe({ name: '丁卯街道群', scope: TEST_TOWN, channel: 'wecom', url: `${wecom.url}?key=abcdef-1234`, levels: ['red'] });
    const d = await subscribe({ name: '丁卯钉钉', scope: TEST_TOWN, channel: 'dingtalk', url: `${ding.url}?access_token=tok`, secret: dingSecret, levels: ['red'], mentionMobiles: ['13800000001'] });
    const h = await subscribe({ name: '区平台', channel: 'webhook', url: hook.url, levels: ['red'] });
    expect(h.secret).toMatch(/^whsec_/);
    // Shown once: never in the list, and a robot's key is shortened there.
    const list = await app.inject({ method: 'GET', url: '/api/admin/notify/subscriptions', headers: await admin() });
    expect(list.body).not.toContain(dingSecret);
    expect(list.body).not.toContain(h.secret!);
    expect(list.body).not.toContain('abcdef-1234');

    const t = await fileTicket();
    await app.moshao.replayer!.playTo(t.closeDueAt + 3600_000);
    app.moshao.service.tick();
    await drain();

    // 企业微信: markdown in the documented shape, the ticket's serial and its drill link.
    expect(wecom.received).toHaveLength(1);
    const wbody = JSON.parse(wecom.received[0].body) as { msgtype: string; markdown: { content: string } };
    expect(wbody.msgtype).toBe('markdown');
    expect(wbody.markdown.content).toContain(`DB-2023-${String(t.id).padStart(6, '0')}`);
    expect(wbody.markdown.content).toContain(`https://moshao.example.cn/drill/ticket/${t.id}`);
    expect(wecom.received[0].url).toBe('/hook?key=abcdef-1234');

    // 钉钉: timestamp and sign as DingTalk documents them, @mobile in the text and in `at`.
    expect(ding.received).toHaveLength(1);
    const q = new URL(ding.received[0].url, 'http://x').searchParams;
    const timestamp = q.get('timestamp')!;
    const expected = createHmac('sha256', dingSecret).update(`${timestamp}\n${dingSecret}`).digest('base64');
    expect(q.get('sign')).toBe(expected); // URLSearchParams decodes the URL-encoding
    expect(ding.received[0].url).toContain(`sign=${encodeURIComponent(expected)}`);
    const dbody = JSON.parse(ding.received[0].body) as { msgtype: string; markdown: { title: string; text: string }; at: { atMobiles: string[]; isAtAll: boolean } };
    expect(dbody.at).toEqual({ atMobiles: ['13800000001'], isAtAll: false });
    expect(dbody.markdown.text).toContain('@13800000001');
    expect(dbody.markdown.title).toContain('红色');

    // Standard Webhooks, verified by the reference library.
    expect(hook.received).toHaveLength(1);
    const payload = new Webhook(h.secret!).verify(hook.received[0].body, hook.received[0].headers) as { type: string; data: { level: string; tickets: { id: number; overdueMinutes: number }[] } };
    expect(payload.type).toBe('ticket.supervise');
    expect(payload.data.level).toBe('red');
    const mine = payload.data.tickets.find((x) => x.id === t.id)!;
    expect(mine.overdueMinutes).toBeGreaterThanOrEqual(60);
    const hookRows = await rowsOf(h.id);
    expect(hook.received[0].headers['webhook-id']).toBe(String(Math.min(...hookRows.map((r) => r.id))));

    for (const sub of [w, d, h]) expect((await rowsOf(sub.id)).every((r) => r.status === 'sent' && r.level === 'red')).toBe(true);
    for (const r of [wecom, ding, hook]) {
      for (const got of r.received) {
        for (const secret of [PHONE, NAME, '路灯坏了', '3号楼']) expect(got.body).not.toContain(secret);
      }
    }
    // Every send is audited, with ids and the outcome only.
    const audit = await app.inject({ method: 'GET', url: '/api/audit?action=notify.send', headers: await admin() });
    expect(audit.json().items.length).toBeGreaterThanOrEqual(3);
    expect(audit.body).not.toContain(PHONE);

    // The counts reach the wall and GET /api/supervise (any reader in scope, not outside it).
    const counts = app.moshao.live.summary(TEST_TOWN).supervise!;
    expect(counts.red).toBeGreaterThanOrEqual(1);
    expect(app.moshao.live.patch(TEST_TOWN, ['tickets']).supervise).toEqual(counts); // what a scope:delta carries
    const page = await app.inject({ method: 'GET', url: `/api/supervise?scope=${TEST_TOWN}&level=red`, headers: await loginAs(app, 'town') });
    expect(page.statusCode).toBe(200);
    const body = page.json() as { counts: typeof counts; items: { ticketId: number; serial: string; overdueMinutes: number; level: string }[] };
    expect(body.counts).toEqual(counts);
    expect(body.items.find((i) => i.ticketId === t.id)).toMatchObject({ level: 'red', serial: `DB-2023-${String(t.id).padStart(6, '0')}` });
    const outside = await app.inject({ method: 'GET', url: `/api/supervise?scope=${TEST_TOWN}`, headers: await loginAs(app, 'other-town') });
    expect(outside.statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/supervise' })).statusCode).toBe(401);

    // Solved: nothing more, not even the red repeat.
    await act(t.id, 'accept');
    await act(t.id, 'dispatch');
    await act(t.id, 'start');
    await act(t.id, 'handle');
    await app.moshao.replayer!.playTo(t.closeDueAt + 2 * 86_400_000);
    app.moshao.service.tick();
    expect((await outbox()).filter((r) => r.ticketId === t.id).map((r) => r.level)).toEqual(['red', 'red', 'red']);
    expect(app.moshao.notify.index.levelOf(t.id)).toBeNull();
    for (const sub of [w, d, h]) await app.inject({ method: 'DELETE', url: `/api/admin/notify/subscriptions/${sub.id}`, headers: await admin() });
  });

  it('retries a 500 with backoff, waits what a 429 says, gives up on 410, counts timeouts, refusals, redirects and errcodes as failures', async () => {
    const failing = await receiver(json(500, {}));
    const busy = await receiver(json(429, {}, { 'retry-after': '120' }));
    const gone = await receiver(json(410, {}));
    const slow = await receiver(hang);
    const moved = await receiver(json(302, {}, { location: 'http://127.0.0.1:1/' }));
    const robotSaysNo = await receiver(json(200, { errcode: 93000, errmsg: 'invalid webhook url' }));
    const refused = await startReceiver(robotOk);
    await refused.close();
    const subs = {
      failing: await subscribe({ name: '500', channel: 'webhook', url: failing.url, levels: ['escalated'] }),
      busy: await subscribe({ name: '429', channel: 'webhook', url: busy.url, levels: ['escalated'] }),
      gone: await subscribe({ name: '410', channel: 'webhook', url: gone.url, levels: ['escalated'] }),
      slow: await subscribe({ name: 'hang', channel: 'webhook', url: slow.url, levels: ['escalated'] }),
      moved: await subscribe({ name: '302', channel: 'webhook', url: moved.url, levels: ['escalated'] }),
      errcode: await subscribe({ name: 'errcode', channel: 'wecom', url: robotSaysNo.url, levels: ['escalated'] }),
      refused: await subscribe({ name: 'refused', channel: 'webhook', url: refused.url, levels: ['escalated'] }),
    };
    const t = await fileTicket();
    await escalate(t.id);
    const sentAt = wallNow;
    await drain();

    const only = async (s: { id: number }) => {
      const rows = await rowsOf(s.id);
      expect(rows).toHaveLength(1);
      return rows[0];
    };
    const failed = await only(subs.failing);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 500', ticketId: t.id, level: 'escalated' });
    expect(failed.nextAttemptAt).toBeGreaterThanOrEqual(sentAt + 4000);
    expect(failed.nextAttemptAt).toBeLessThanOrEqual(sentAt + 6000);
    const waited = await only(subs.busy);
    expect(waited).toMatchObject({ status: 'failed', lastError: 'HTTP 429', nextAttemptAt: sentAt + 120_000 });
    expect(await only(subs.gone)).toMatchObject({ status: 'dead', lastError: 'HTTP 410 Gone' });
    const list = (await app.inject({ method: 'GET', url: '/api/admin/notify/subscriptions', headers: await admin() })).json() as { items: { id: number; disabledAt: number | null }[] };
    expect(list.items.find((s) => s.id === subs.gone.id)!.disabledAt).not.toBeNull();
    expect((await only(subs.slow)).lastError).toBe(`timed out after ${TIMEOUT_MS} ms`);
    expect((await only(subs.moved)).lastError).toBe('HTTP 302 redirect refused');
    expect((await only(subs.errcode)).lastError).toBe('errcode 93000');
    expect((await only(subs.refused)).lastError).toBe('ECONNREFUSED');

    // Before its time nothing goes again; after it, the same digest goes with the same webhook-id.
    await drain();
    expect(failing.received).toHaveLength(1);
    failing.answer(json(200, {}));
    wallNow += 10_000;
    await drain();
    expect(failing.received).toHaveLength(2);
    expect(failing.received[1].headers['webhook-id']).toBe(failing.received[0].headers['webhook-id']);
    expect((await only(subs.failing)).status).toBe('sent');
    expect(busy.received).toHaveLength(1); // still waiting for its Retry-After

    // A 410'd subscription gets nothing more, and its rows cannot be retried until it is turned back on.
    const goneRow = await only(subs.gone);
    const refusedRetry = await app.inject({ method: 'POST', url: `/api/admin/notify/outbox/${goneRow.id}/retry`, headers: await admin() });
    expect(refusedRetry.statusCode).toBe(409);
    // An admin's retry sends a failed row now.
    robotSaysNo.answer(robotOk);
    const errRow = await only(subs.errcode);
    const retry = await app.inject({ method: 'POST', url: `/api/admin/notify/outbox/${errRow.id}/retry`, headers: await admin() });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await drain();
    expect((await only(subs.errcode)).status).toBe('sent');

    // The metrics count every outcome by channel and level.
    const metrics = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.body).toMatch(/moshao_notifications_total\{channel="webhook",level="escalated",result="failed"\} [1-9]/);
    expect(metrics.body).toMatch(/moshao_outbox_pending \d+/);
    for (const s of Object.values(subs)) await app.inject({ method: 'DELETE', url: `/api/admin/notify/subscriptions/${s.id}`, headers: await admin() });
  });

  it('sends what falls due together as one digest (20 listed, the rest counted), and keeps a robot under 20 messages a minute', async () => {
    const robot = await receiver(robotOk);
    const s = await subscribe({ name: '指挥群', channel: 'wecom', url: robot.url, levels: ['escalated'] });
    const tickets = [];
    for (let i = 0; i < 25; i++) tickets.push(await fileTicket());
    for (const t of tickets) await escalate(t.id);
    await drain();
    expect(robot.received).toHaveLength(1);
    const content = (JSON.parse(robot.received[0].body) as { markdown: { content: string } }).markdown.content;
    expect(content).toContain('（25 件）');
    expect(content.match(/DB-2023-/g)).toHaveLength(20);
    expect(content).toContain('另有 5 件');
    expect((await rowsOf(s.id)).every((r) => r.status === 'sent')).toBe(true);

    // One new row at a time: 19 more messages fit in the minute, the 21st waits for the minute to pass.
    for (let i = 0; i < 20; i++) {
      await escalate((await fileTicket()).id);
      await drain();
    }
    expect(robot.received).toHaveLength(20);
    expect((await rowsOf(s.id)).filter((r) => r.status === 'pending')).toHaveLength(1);
    wallNow += 61_000;
    await drain();
    expect(robot.received).toHaveLength(21);
    await app.inject({ method: 'DELETE', url: `/api/admin/notify/subscriptions/${s.id}`, headers: await admin() });
  });

  it('refuses what cannot be a subscription, and asks for an admin session with CSRF', async () => {
    const post = async (body: Record<string, unknown>, headers?: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/admin/notify/subscriptions', headers: headers ?? await admin(), payload: body });
    const base = { name: 'x', channel: 'webhook', url: 'http://127.0.0.1:9/hook', levels: ['red'] };
    expect((await post({ ...base, url: 'ftp://example.com/x' })).json()).toMatchObject({ error: 'invalid_url', field: 'url' });
    expect((await post({ ...base, channel: 'dingtalk' })).json()).toMatchObject({ error: 'secret_required', field: 'secret' });
    expect((await post({ ...base, secret: 'not-a-whsec' })).json()).toMatchObject({ error: 'invalid_secret', field: 'secret' });
    expect((await post({ ...base, levels: ['purple'] })).statusCode).toBe(400);
    expect((await post({ ...base, scope: 'abc' })).statusCode).toBe(400);
    const { cookie } = await admin();
    expect((await post(base, { cookie })).statusCode).toBe(403);
    expect((await post(base, await loginAs(app, 'district'))).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/admin/notify/outbox?status=bogus', headers: await admin() })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PATCH', url: '/api/admin/notify/subscriptions/999999', headers: await admin(), payload: { name: 'y' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/supervise?scope=${OTHER_TOWN}9`, headers: await admin() })).statusCode).toBe(404);
  });
  // Last: it moves the wall clock ten days on.
  it('gives up after the last retry: the rows are dead', async () => {
    const down = await receiver(json(503, {}));
    const s = await subscribe({ name: 'down', channel: 'webhook', url: down.url, levels: ['escalated'] });
    const t = await fileTicket();
    await escalate(t.id);
    for (let i = 0; i < 8; i++) {
      await drain();
      wallNow += 86_400_000 * 1.3;
    }
    // Ten days later the sessions have expired: read the outbox directly.
    const rows = app.moshao.notify.repo.listRows(undefined, 500).filter((r) => r.subscriptionId === s.id);
    expect(rows).toEqual([expect.objectContaining({ status: 'dead', attempts: 8, lastError: 'HTTP 503' })]);
    expect(down.received).toHaveLength(8);
  });

});
