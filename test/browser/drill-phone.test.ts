import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublicTicket, Ticket } from '../../shared/schemas/ticket.js';
import { describeInChromium } from './guard.js';
import { launchChromium, screenshotPath, SEEK_TO, startApp, watchProblems } from './harness.js';
import { auditPhonePage } from './phone-audit.js';

const PASSWORDS = { admin: 'admin-phone-password', town: 'dingmao-phone-password', viewer: 'viewer-phone-password' };
const DINGMAO = '321171001';
/** A common phone (an iPhone 14's CSS size), held upright, touch only. */
const PHONE = { width: 390, height: 844 };
/** The smallest comfortable finger target (Apple's and the WCAG 2.5.5 figure), in CSS px. */
const MIN_TARGET = 44;
/** One row of header: the 56 px bar plus a little slack, never two rows (about 100 px). */
const HEADER_MAX = 64;

describeInChromium('supervisor drill-down on a phone (390x844, touch)', () => {
  let app: FastifyInstance;
  let baseUrl = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let ticket: Ticket;
  let step = 0;

  beforeAll(async () => {
    ({ app, baseUrl } = await startApp({
      autoPlay: false, adminPassword: PASSWORDS.admin, demoAccounts: { townPassword: PASSWORDS.town, viewerPassword: PASSWORDS.viewer },
    }));
    // Mid-year, so the pages have numbers; paused, so nothing moves but our ticket.
    await app.moshao.replayer?.command({ action: 'seek', to: Date.parse(SEEK_TO) });
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

  /** What every page must be on a phone; saves the step's screenshot. */
  const checkPage = async (name: string, { header = true, width = PHONE.width } = {}) => {
    const audit = await page.evaluate(auditPhonePage, MIN_TARGET);
    expect(audit.viewportWidth, name).toBe(width);
    expect(audit.sideways, `${name}: nothing scrolls sideways`).toEqual([]);
    expect(audit.small, `${name}: every tappable thing is at least ${MIN_TARGET}x${MIN_TARGET}`).toEqual([]);
    expect(audit.tappables, name).toBeGreaterThan(0);
    if (header) {
      expect(audit.header, name).not.toBeNull();
      expect(audit.header!.height, `${name}: one header row`).toBeLessThanOrEqual(HEADER_MAX);
      expect(audit.header!.titleLines, `${name}: the title on one line`).toBe(1);
    }
    step++;
    await page.screenshot({ path: screenshotPath(`drill-phone-${String(step).padStart(2, '0')}-${name}.png`) });
    return audit;
  };

  /** Taps the middle of the map (ECharts turns the tap into a click on the cell under it). */
  const tapMap = async () => {
    const box = (await page.locator('[data-testid="drill-map"] canvas').first().boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  };

  it('logs in by taps and lands on the district, header in one row', async () => {
    await page.goto(`${baseUrl}/drill`);
    await page.getByTestId('login-page').waitFor();
    await checkPage('login', { header: false });
    await page.locator('input[name=username]').tap();
    await page.keyboard.type('dingmao');
    await page.locator('input[name=password]').tap();
    await page.keyboard.type(PASSWORDS.town);
    await page.getByTestId('login-submit').tap();
    await page.locator('[data-testid="scope-page"][data-scope="321171"]').waitFor();
    await page.locator('[data-testid="live-status"][data-status="online"]').waitFor();
    await checkPage('district');
    // The row of buttons is folded away: only the title and the menu button show.
    expect(await page.getByTestId('logout').isVisible()).toBe(false);
  });

  it('opens the menu: who is logged in, language and logout, all tappable', async () => {
    const toggle = page.getByRole('button', { name: '菜单' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.tap();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByTestId('whoami').innerText()).toContain('丁卯街道');
    for (const id of ['lang-toggle', 'logout']) expect(await page.getByTestId(id).isVisible(), id).toBe(true);
    await checkPage('menu');
    await toggle.tap();
    expect(await page.getByTestId('logout').isVisible()).toBe(false);
  });

  it('drills district -> 丁卯街道 by its row, then town -> village -> cell by taps on the map', async () => {
    await page.locator(`[data-testid="child-row"][data-scope="${DINGMAO}"] a`).tap();
    await page.locator(`[data-testid="scope-page"][data-scope="${DINGMAO}"]`).waitFor();
    await page.waitForSelector(`[data-testid="drill-map"][data-scope="${DINGMAO}"] canvas`);
    await checkPage('town');
    const map = (await page.getByTestId('drill-map').boundingBox())!;
    expect(map.width).toBeGreaterThanOrEqual(PHONE.width - 60);
    expect(map.height).toBeGreaterThanOrEqual(300);

    await tapMap();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(new RegExp(`^/drill/village/${DINGMAO}\\d{3}$`));
    await page.waitForSelector('[data-testid="scope-page"][data-level="village"] [data-testid="drill-map"] canvas');
    await checkPage('village');
    // One tap, one level: the browser's click after the tap must not land on the village's map too.
    const village = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('scope-page').getAttribute('data-scope')).toBe(village);

    await tapMap();
    await expect.poll(() => new URL(page.url()).pathname).toMatch(new RegExp(`^/drill/grid/${DINGMAO}\\d{3}-\\d{2}$`));
    await page.getByTestId('grid-page').waitFor();
    expect(await page.getByTestId('grid-page').getAttribute('data-scope')).toMatch(new RegExp(`^${village}-\\d{2}$`));
  });

  it('shows a new report in the cell live, and opens it by a tap on its row', async () => {
    const gridId = await page.getByTestId('grid-page').getAttribute('data-scope');
    // The cell's room is joined once its badge says live: a ticket filed before that is pushed to nobody (the page reads
    // it again on joining, which is not what this test is about). On a busy machine the join comes seconds after the page.
    await page.locator('[data-testid="grid-page"] [data-testid="live-status"][data-status="online"]').waitFor({ timeout: 30_000 });
    // Filed the way the mini program does, while the supervisor looks at the cell.
    const filed = await app.inject({
      method: 'POST', url: '/api/tickets', headers: { authorization: `Bearer ${app.moshao.intakeToken}` },
      payload: { category: 'lamp', title: '路灯不亮（手机测试）', channel: 'mini_program', reporterRole: 'resident', gridId },
    });
    expect(filed.statusCode).toBe(201);
    ticket = filed.json<Ticket>();
    const row = page.locator(`[data-testid="ticket-row"][data-id="${ticket.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    // A card: its title on a readable line of its own, not squeezed into a sixth of the width.
    expect((await row.locator('a').boundingBox())!.width).toBeGreaterThan(PHONE.width / 2);
    // What a supervisor came for comes first: the cell's tickets right under its map, its figures after them.
    const top = async (testId: string) => (await page.getByTestId(testId).boundingBox())!.y;
    expect(await top('grid-tickets')).toBeLessThan(await top('drill-kpis'));
    await row.scrollIntoViewIfNeeded();
    await checkPage('grid');

    // The filters beyond the tabs wait behind their button, then open as fields a thumb can use.
    const status = page.getByTestId('filter-status');
    expect(await status.isVisible()).toBe(false);
    await page.getByTestId('filters-toggle').tap();
    await status.scrollIntoViewIfNeeded();
    await checkPage('filters');
    await page.getByTestId('filters-toggle').tap();
    expect(await status.isVisible()).toBe(false);

    await row.locator('a').tap();
    await page.locator(`[data-testid="ticket-page"][data-id="${ticket.id}"]`).waitFor();
    await checkPage('ticket');
  });

  it('accepts the ticket with a note by taps: full-width buttons, the note and confirm in view', async () => {
    const accept = page.getByTestId('action-accept');
    const panel = (await page.getByTestId('actions-panel').boundingBox())!;
    expect((await accept.boundingBox())!.width).toBeGreaterThanOrEqual(panel.width - 40);
    await accept.tap();
    const note = page.getByTestId('action-note');
    const submit = page.getByTestId('action-submit');
    for (const el of [note, submit]) {
      const box = (await el.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    }
    await checkPage('action-form');
    await note.tap();
    await page.keyboard.type('已受理，网格员现场核实');
    await submit.tap();

    await page.locator(`[data-testid="ticket-page"][data-status="accepted"]`).waitFor();
    expect(await page.getByTestId('ticket-status').getAttribute('data-status')).toBe('accepted');
    await expect.poll(() => page.locator('[data-testid="timeline-event"]').count()).toBe(2);
    expect(await page.locator('[data-testid="timeline-event"]').nth(1).innerText()).toContain('已受理，网格员现场核实');
    // And by GET, as anyone reads it (the public ticket carries the status).
    const read = await app.inject({ url: `/api/tickets/${ticket.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json<PublicTicket>().status).toBe('accepted');
    await checkPage('accepted');
  });

  it('keeps every rule with the phone on its side (844x390)', async () => {
    await page.setViewportSize({ width: PHONE.height, height: PHONE.width });
    try {
      await page.getByRole('button', { name: '菜单' }).waitFor();
      await checkPage('landscape', { width: PHONE.height });
    } finally {
      await page.setViewportSize(PHONE);
    }
  });

  it('logs no console errors but the 401 that tells the login page nobody is logged in', () => {
    expect(problems.filter((p) => !(p.includes('401') && p.includes('/api/auth/me')))).toEqual([]);
  });
});
