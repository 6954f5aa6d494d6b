import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SESSION_COOKIE, type Me } from '../../shared/schemas/auth.js';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { COALESCE_WINDOW_MS } from '../../shared/constants.js';
import { roomOf } from '../../shared/scope.js';
import { launchBrowser, type Browser } from './drill-browser.js';
import { describeInChromium } from './guard.js';
import { SEEK_TO, startApp } from './harness.js';

/*
 * The drill pages live on the socket alone: once a town page and a grid cell page have loaded, tickets filed over
 * HTTP and the running replay change their numbers and rows for a minute without one /api request from the pages.
 */

const PASSWORDS = { admin: 'admin-live-password', town: 'dingmao-live-password', viewer: 'viewer-live-password' };
const DINGMAO = '321171001';
const WATCH_MS = 60_000;
const FILE_EVERY_MS = 5_000;
/** Tickets filed while watching, one every FILE_EVERY_MS: a count, so a slow machine watches longer, never less. */
const FILINGS = WATCH_MS / FILE_EVERY_MS;
const LAPTOP = { width: 1366, height: 768 };
/** After its markers show, a page's last first-load requests (geometry, catalogue) have this long to be sent. */
const SETTLE_MS = 2_000;

describeInChromium('drill pages without polling, in Chromium', () => {
  let app: FastifyInstance;
  let baseUrl = '';
  let browser: Browser;
  let gridId = '';

  beforeAll(async () => {
    ({ app, baseUrl } = await startApp({
      adminPassword: PASSWORDS.admin, demoAccounts: { townPassword: PASSWORDS.town, viewerPassword: PASSWORDS.viewer },
      // Playing: the replay moves tickets and the clock while we watch (a virtual hour a second).
      autoPlay: true, replaySpeed: 3_600, replayFrom: { at: Date.parse(SEEK_TO), always: true },
    }));
    const cells = (await app.inject({ url: '/api/geo?level=grid' })).json<GeoCollection>();
    gridId = cells.features.find((f) => f.id.startsWith(DINGMAO))!.id;
    browser = await launchBrowser();
    // Logged in as the 丁卯街道 supervisor: the session cookie the login form would have set.
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dingmao', password: PASSWORDS.town } });
    expect(login.statusCode).toBe(200);
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)!;
    supervisor = { cookie: `${SESSION_COOKIE}=${session.value}`, 'x-csrf-token': login.json<Me>().csrfToken };
    await browser.context.addCookies([{ name: SESSION_COOKIE, value: session.value, url: baseUrl, httpOnly: true, sameSite: 'Strict' }]);
  });
  let supervisor: Record<string, string> = {};

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page that records every /api/* request it makes. */
  const watchedPage = async (): Promise<{ page: Page; requests: string[] }> => {
    const page = await browser.newPage(LAPTOP);
    const requests: string[] = [];
    page.on('request', (req) => {
      const { pathname } = new URL(req.url());
      if (pathname.startsWith('/api/')) requests.push(`${req.method()} ${pathname}`);
    });
    return { page, requests };
  };

  const file = async (title: string): Promise<Ticket> => {
    const res = await app.inject({
      method: 'POST', url: '/api/tickets', headers: { authorization: `Bearer ${app.moshao.intakeToken}` },
      payload: { category: 'lamp', title, channel: 'mini_program', reporterRole: 'resident', gridId },
    });
    expect(res.statusCode).toBe(201);
    return res.json<Ticket>();
  };

  it('makes no /api request for a minute while tickets are filed and the replay plays, and the numbers move', { timeout: 300_000 }, async () => {
    // One ticket before the pages open, to see its row change status in place later.
    const first = await file('路灯不亮（实时测试 0）');

    const { page: town, requests: townAll } = await watchedPage();
    await town.goto(`${baseUrl}/drill/town/${DINGMAO}`);
    await town.locator(`[data-testid="scope-page"][data-scope="${DINGMAO}"]`).waitFor();
    await town.locator('[data-testid="live-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    await town.locator('[data-testid="child-row"]').first().waitFor();
    await town.locator('[data-testid="drill-map"]:not([data-cells="0"])').waitFor();

    const { page: grid, requests: gridAll } = await watchedPage();
    await grid.goto(`${baseUrl}/drill/grid/${gridId}`);
    await grid.locator(`[data-testid="grid-page"][data-scope="${gridId}"]`).waitFor({ timeout: 30_000 });
    await grid.locator('[data-testid="live-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    await grid.locator(`[data-testid="ticket-row"][data-id="${first.id}"][data-status="reported"]`).waitFor();
    await grid.locator('[data-testid="drill-map"]:not([data-cells="0"])').waitFor();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    // Loaded: the first paint asked for what it needed over HTTP; from here on, nothing.
    expect(gridAll).toContain(`GET /api/drill/grid/${gridId}`);
    const townLoaded = townAll.length;
    const gridLoaded = gridAll.length;

    const total = (page: Page) => page.getByTestId('drill-kpi-total').textContent();
    const townTotalBefore = await total(town);
    const gridTotalBefore = await total(grid);
    // The ranking row of the cell's village: its numbers come with the room's deltas too.
    const villageRow = town.locator(`[data-testid="child-row"][data-scope="${gridId.slice(0, 12)}"]`);
    const villageRowBefore = await villageRow.innerText();

    const filed: Ticket[] = [];
    for (let n = 1; n <= FILINGS; n++) {
      filed.push(await file(`路灯不亮（实时测试 ${n}）`));
      await new Promise((resolve) => setTimeout(resolve, FILE_EVERY_MS));
    }

    // The supervisor, from another device, accepts the first ticket: its row takes the new status in place.
    const accepted = await app.inject({
      method: 'POST', url: `/api/tickets/${first.id}/transitions`, headers: supervisor, payload: { action: 'accept', note: '已受理（实时测试）' },
    });
    expect(accepted.statusCode).toBe(200);
    await grid.locator(`[data-testid="ticket-row"][data-id="${first.id}"][data-status="accepted"]`).waitFor({ timeout: 30_000 });

    // Every ticket filed while watching joined the cell's list, newest first, without a request.
    for (const t of filed) await grid.locator(`[data-testid="ticket-row"][data-id="${t.id}"]`).waitFor({ timeout: 30_000 });
    const ids = await grid.locator('[data-testid="ticket-row"]').evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.id)));
    expect(ids.slice(0, filed.length)).toEqual(filed.map((t) => t.id).reverse());
    expect(await total(town)).not.toBe(townTotalBefore);
    expect(await total(grid)).not.toBe(gridTotalBefore);
    expect(await villageRow.innerText()).not.toBe(villageRowBefore);

    expect(townAll.slice(townLoaded)).toEqual([]);
    expect(gridAll.slice(gridLoaded)).toEqual([]);
    expect(browser.problems).toEqual([]);
  });
  it('keeps its last good numbers with a visible notice when the socket brings malformed events, then resynchronises', async () => {
    const { page: town } = await watchedPage();
    const warnings: string[] = [];
    town.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
    await town.goto(`${baseUrl}/drill/town/${DINGMAO}`);
    await town.locator('[data-testid="live-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    await town.locator('[data-testid="child-row"]').first().waitFor();
    const before = await town.getByTestId('drill-kpi-total').textContent();
    expect(before).toMatch(/\d/);

    // What a broken or hostile server might send to the page's room: every kind of event, each malformed.
    const io = app.moshao.io as unknown as { to: (room: string) => { emit: (event: string, payload: unknown) => void } };
    const room = io.to(roomOf(DINGMAO));
    room.emit('scope:delta', { scope: DINGMAO, seq: 1e9, patch: { tickets: { total: 'lots' } } });
    room.emit('scope:delta', { scope: DINGMAO, seq: 1e9 + 1, patch: {}, cells: { x: { open: 'many' } } });
    room.emit('scope:delta', { scope: DINGMAO, seq: 1e9 + 2, patch: {}, children: [{ id: 7 }] });
    room.emit('ticket:upsert', { scope: DINGMAO, tickets: [{ id: 'x' }], dropped: 0 });

    await town.getByTestId('live-malformed').waitFor({ timeout: 10_000 });
    expect(await town.getByTestId('live-malformed').textContent()).toMatch(/\d/);
    expect(warnings.filter((w) => w.includes('malformed')).length).toBeGreaterThanOrEqual(4);
    // The page is whole: its numbers, its ranking and its map are the last good ones, and it is still live.
    expect(await town.getByTestId('drill-kpi-total').textContent()).toMatch(/\d/);
    expect(await town.locator('[data-testid="child-row"]').count()).toBeGreaterThan(0);
    await town.locator('[data-testid="drill-map"]:not([data-cells="0"])').waitFor();
    await town.locator('[data-testid="live-status"][data-status="online"]').waitFor({ timeout: 10_000 });
    expect(browser.problems).toEqual([]);
    await town.close();
  });

  it('lists a ticket filed after the cell page read its list but before its socket joined the room', async () => {
    const { page: grid } = await watchedPage();
    // The page's socket is held until the ticket is filed and pushed: a busy machine's slow join, made certain.
    let letThrough = (): void => undefined;
    const held = new Promise<void>((resolve) => (letThrough = resolve));
    await grid.routeWebSocket(/\/socket\.io\//, async (ws) => {
      await held;
      ws.connectToServer();
    });
    const before = await file('路灯不亮（列表之前）');
    await grid.goto(`${baseUrl}/drill/grid/${gridId}`);
    await grid.locator(`[data-testid="ticket-row"][data-id="${before.id}"]`).waitFor({ timeout: 30_000 });
    const between = await file('路灯不亮（入房之前）');
    // The broadcaster's window has passed: the upsert went to the room, which the page is not in yet.
    await new Promise((resolve) => setTimeout(resolve, COALESCE_WINDOW_MS * 4));
    expect(await grid.getByTestId('live-status').getAttribute('data-status')).toBe('connecting');
    letThrough();
    await grid.locator('[data-testid="live-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    await grid.locator(`[data-testid="ticket-row"][data-id="${between.id}"]`).waitFor({ timeout: 30_000 });
    expect(browser.problems).toEqual([]);
    await grid.close();
  });
});
