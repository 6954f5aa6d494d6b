import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { describeInChromium } from './guard.js';
import { launchChromium, screenshotPath, SEEK_TO, startApp, watchProblems } from './harness.js';
import { auditPhonePage } from './phone-audit.js';

const PASSWORDS = { admin: 'admin-supervise-password', town: 'dingmao-supervise-password', viewer: 'viewer-supervise-password' };
const DINGMAO = '321171001';
const PHONE = { width: 390, height: 844 };
const MIN_TARGET = 44;

describeInChromium('the 督办 pages in Chromium (a phone, then paper)', () => {
  let app: FastifyInstance;
  let baseUrl = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let ticket: Ticket;

  beforeAll(async () => {
    ({ app, baseUrl } = await startApp({
      autoPlay: false, adminPassword: PASSWORDS.admin, demoAccounts: { townPassword: PASSWORDS.town, viewerPassword: PASSWORDS.viewer },
    }));
    // Mid-year, paused; then a report in a 丁卯街道 cell, played an hour past its closing deadline: red.
    await app.moshao.replayer?.command({ action: 'seek', to: Date.parse(SEEK_TO) });
    const cells = (await app.inject({ url: '/api/geo?level=grid' })).json<GeoCollection>();
    const gridId = cells.features.find((f) => f.id.startsWith(DINGMAO))!.id;
    const filed = await app.inject({
      method: 'POST', url: '/api/tickets', headers: { authorization: `Bearer ${app.moshao.intakeToken}` },
      payload: { category: 'lamp', title: '路灯不亮（督办测试）', channel: 'mini_program', reporterRole: 'resident', gridId },
    });
    expect(filed.statusCode).toBe(201);
    ticket = filed.json<Ticket>();
    await app.moshao.replayer!.playTo(ticket.closeDueAt + 3600_000);
    app.moshao.service.tick();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
    page = await context.newPage();
    problems = watchProblems(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.close();
  });

  it('lists the town’s 督办 tickets as cards with finger-sized targets, from the header menu', async () => {
    await page.goto(`${baseUrl}/login?next=%2Fdrill`);
    await page.locator('input[name=username]').fill('dingmao');
    await page.locator('input[name=password]').fill(PASSWORDS.town);
    await page.getByTestId('login-submit').tap();
    await page.locator('[data-testid="scope-page"][data-scope="321171"]').waitFor();
    await page.getByRole('button', { name: '菜单' }).tap();
    await page.getByTestId('supervise-link').tap();
    await page.locator(`[data-testid="supervise-page"][data-scope="${DINGMAO}"]`).waitFor();
    await page.locator(`[data-testid="supervise-row"][data-id="${ticket.id}"][data-level="red"]`).waitFor();
    await page.locator('[data-testid="live-status"][data-status="online"]').waitFor();
    const audit = await page.evaluate(auditPhonePage, MIN_TARGET);
    expect(audit.sideways, 'nothing scrolls sideways').toEqual([]);
    expect(audit.small, `every tappable thing is at least ${MIN_TARGET}x${MIN_TARGET}`).toEqual([]);
    // Cards: no header row on a phone.
    expect(await page.locator('[data-testid="supervise-list"] thead').isVisible()).toBe(false);
    await page.screenshot({ path: screenshotPath('supervise-phone.png') });
  });

  it('opens a ticket’s 督办单, which prints on A4 without the header or buttons', async () => {
    const id = ticket.id;
    await page.locator(`[data-testid="supervise-row"][data-id="${id}"] a.dbtn`).tap();
    await page.locator('[data-testid="supervise-print"][data-supervised="true"]').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/drill/supervise/${id}/print`);
    expect(await page.getByTestId('print-serial').innerText()).toBe(`编号：DB-2023-${String(id).padStart(6, '0')}`);
    // What the resident wrote is not on the paper.
    expect(await page.getByTestId('supervise-print').innerText()).not.toContain('督办测试');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.dheader').isVisible()).toBe(false);
    expect(await page.getByTestId('print-button').isVisible()).toBe(false);
    expect(await page.getByTestId('print-sign').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('supervise-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(problems).toEqual([]);
  });
});
