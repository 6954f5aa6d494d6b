import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { kpiTotal, launchChromium, newWallPage, pauseMidYear, screenshotPath, startApp, waitForLiveWall } from './harness.js';
import { describeInChromium } from './guard.js';

const EVERY_S = 10;
/** How long an urgent ticket holds the wall (client/store/interrupt-queue.ts). */
const INTERRUPT_S = 8;
const DISTRICT = '321171';
const DINGMAO = '321171001';
/** Tiles whose boxes must not move when the scope changes. */
const TILES = ['map', 'ticket-board', 'kpi-total', 'ranking'];

describeInChromium('rotating wall in Chromium', () => {
  let app: FastifyInstance;
  let baseUrl = '';
  let browser: Browser;

  beforeAll(async () => {
    // Paused mid-year: the numbers differ by scope and change only when this test files a ticket.
    ({ app, baseUrl } = await startApp({ autoPlay: false }));
    await pauseMidYear(app);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const shownScope = (page: Page) => page.getByTestId('rotation').getAttribute('data-scope');
  const boxes = (page: Page) => Promise.all(TILES.map((id) => page.getByTestId(id).boundingBox()));

  it('cycles district -> street -> district, held by an urgent interrupt and going on after it', async () => {
    const { page, problems } = await newWallPage(browser);
    await page.goto(`${baseUrl}/?rotate=${DISTRICT},${DINGMAO}&every=${EVERY_S}`);
    await waitForLiveWall(page);
    expect(await shownScope(page)).toBe(DISTRICT);
    const districtTotal = await kpiTotal(page);
    const before = await boxes(page);

    // The ranking turns to the street's villages at once: they come with the street's snapshot, no poll.
    await page.waitForSelector(`[data-testid="rotation"][data-scope="${DINGMAO}"]`, { state: 'attached', timeout: (EVERY_S + 3) * 1000 });
    const onStreetAt = Date.now();
    await page.waitForSelector('[data-testid="ranking"]:not([data-rows="5"]):not([data-rows="0"])', { timeout: EVERY_S * 1000 });
    expect(await shownScope(page)).toBe(DINGMAO);
    expect(await page.locator('.wall-title').textContent()).toContain('丁卯街道');
    await expect.poll(() => kpiTotal(page)).not.toBe(districtTotal);
    expect(await boxes(page)).toEqual(before);
    expect(await page.getByTestId('rotation').getAttribute('data-switching')).toBe('false');
    await page.screenshot({ path: screenshotPath('wall-rotating-1920x1080.png') });

    // An urgent ticket in the street on screen: its interrupt takes over and the rotation holds.
    const res = await fetch(`${baseUrl}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.moshao.intakeToken}` },
      body: JSON.stringify({ category: 'gas_safety', title: '测试：燃气泄漏', channel: 'hotline_12345', reporterRole: 'resident', urgent: true, gridId: '321171001001-01' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    await page.waitForSelector(`[data-testid="board-interrupt"][data-ticket-id="${id}"]`, { timeout: EVERY_S * 1000 });
    const interruptedAt = Date.now();
    expect(await page.getByTestId('rotation').getAttribute('data-paused')).toBe('true');
    await page.waitForSelector('[data-testid="board-interrupt"]', { state: 'detached', timeout: (INTERRUPT_S + 3) * 1000 });
    // The street's turn would have ended during the interrupt; it is still on, and the rotation runs again.
    expect(await shownScope(page)).toBe(DINGMAO);
    await expect.poll(() => page.getByTestId('rotation').getAttribute('data-paused')).toBe('false');

    await page.waitForSelector(`[data-testid="rotation"][data-scope="${DISTRICT}"]`, { state: 'attached', timeout: (EVERY_S + 3) * 1000 });
    // The street had its whole turn besides the interrupt's hold: what was left of it came after.
    const held = Date.now() - onStreetAt;
    expect(held).toBeGreaterThan((EVERY_S + INTERRUPT_S - 2) * 1000);
    expect(Date.now() - interruptedAt).toBeGreaterThan(INTERRUPT_S * 1000);
    await expect.poll(() => kpiTotal(page)).toBe(districtTotal! + 1);
    expect(await page.locator('.wall-title').textContent()).not.toContain('丁卯街道');
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the first valid scope and a short notice naming what was wrong, and lists the rotation in the about box', async () => {
    const { page, problems } = await newWallPage(browser);
    await page.goto(`${baseUrl}/?rotate=abc,${DINGMAO},321171999&every=3`);
    await waitForLiveWall(page);
    expect(await shownScope(page)).toBe(DINGMAO);
    const notice = page.getByTestId('rotation-notice');
    await expect.poll(() => notice.textContent()).toContain('321171999');
    const text = (await notice.textContent())!;
    expect(text).toContain('abc');
    expect(text).toContain('every=3');
    await page.keyboard.press('i');
    const about = page.getByTestId('about-rotation');
    expect(await about.locator('h3').textContent()).toContain('10');
    expect(await about.locator('li').count()).toBe(1);
    expect(await about.locator('li[data-current="true"]').textContent()).toContain('丁卯街道');
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
