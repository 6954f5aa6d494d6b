import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import type { GeoCollection } from '../../shared/schemas/geo.js';
import { countPaintedPixels } from './canvas-pixels.js';
import { browserSuite, screenshotPath, seekMidYear, waitForLiveWall, watchProblems } from './harness.js';
import { describeInChromium } from './guard.js';

const ADMIN_PASSWORD = 'wall-test-admin-password';
const VIEWPORTS = [
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 6656, height: 1792 },
] as const;
const MARKED = ['wall', 'map', 'gauge-response-rate', 'gauge-on-time', 'gauge-satisfaction', 'ticket-board', 'connection-status', 'replay-watermark', 'kpi-total'];
/** Panels drawn on canvas, and the share of their canvas pixels that must be painted to count as drawn. */
const CANVASES: [string, number][] = [
  ['map', 0.1],
  ['gauge-response-rate', 0.02],
  ['gauge-on-time', 0.02],
  ['gauge-satisfaction', 0.02],
  ['tiers', 0.02],
  ['categories', 0.02],
  ['channels', 0.02],
  ['trend', 0.02],
  ['ranking', 0.02],
];

describeInChromium('wall in Chromium', () => {
  const suite = browserSuite({ autoPlay: true, replaySpeed: 3600, adminPassword: ADMIN_PASSWORD }, seekMidYear);

  /** Opens the wall at `path` in a fresh context (console and page errors watched), waits until it is live, runs `check`, closes the context. */
  const onWall = async (path: string, check: (page: Page, problems: string[]) => Promise<void>, viewport: (typeof VIEWPORTS)[number] = VIEWPORTS[0]) => {
    const context = await suite.browser.newContext({ viewport });
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${suite.baseUrl}${path}`);
      await waitForLiveWall(page);
      await check(page, problems);
    } finally {
      await context.close();
    }
  };

  for (const viewport of VIEWPORTS) {
    it(`renders every marked element with drawn canvases and no console errors at ${viewport.width}x${viewport.height}`, () =>
      onWall('/', async (page, problems) => {
        for (const id of MARKED) {
          const box = await page.getByTestId(id).first().boundingBox();
          expect(box, id).not.toBeNull();
          // On screen and not collapsed: every tile is laid out inside the viewport.
          expect(box!.width * box!.height, id).toBeGreaterThan(0);
          expect(box!.x + box!.width, id).toBeLessThanOrEqual(viewport.width + 1);
          expect(box!.y + box!.height, id).toBeLessThanOrEqual(viewport.height + 1);
        }
        for (const [id, share] of CANVASES) {
          await expect
            .poll(async () => {
              const { painted, total } = await page.evaluate(countPaintedPixels, `[data-testid="${id}"]`);
              return total > 0 ? painted / total : 0;
            }, { timeout: 20_000, message: `${id} is drawn` })
            .toBeGreaterThan(share);
        }
        // Charts at their real pixel size (devicePixelRatio 1 here): a scaled canvas would blur.
        const sizes = await page.evaluate(() => {
          const box = document.querySelector('[data-testid="map"] .echart')!.getBoundingClientRect();
          const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="map"] canvas')!;
          return { w: box.width * devicePixelRatio, h: box.height * devicePixelRatio, cw: canvas.width, ch: canvas.height };
        });
        expect(Math.abs(sizes.cw - sizes.w)).toBeLessThanOrEqual(2);
        expect(Math.abs(sizes.ch - sizes.h)).toBeLessThanOrEqual(2);
        await page.screenshot({ path: screenshotPath(`wall-${viewport.width}x${viewport.height}.png`) });
        expect(problems).toEqual([]);
      }, viewport));
  }

  it('draws Chinese with the bundled font, switches language with l and opens the about box with i', () =>
    onWall('/', async (page) => {
      expect(await page.locator('h1').textContent()).toBe('镇江经开区集成管理指挥中心');
      expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '镇江经开区'))).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(2, 11, 26)');
      await page.keyboard.press('l');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Zhenjiang ETDZ Integrated Command Center');
      await page.keyboard.press('l');
      await page.keyboard.press('i');
      await expect.poll(() => page.getByTestId('about').textContent()).toContain('WTFPL');
      expect(await page.getByTestId('about').textContent()).toContain('示意');
      await page.keyboard.press('Escape');
      await page.getByTestId('about').waitFor({ state: 'detached' });
    }));

  it('drills into a town by a click on the map and back', () =>
    onWall('/', async (page) => {
      // An urgent interrupt may be focusing a town right now: wait for the overview first.
      await page.waitForSelector('[data-testid="map"][data-scope="321171"]', { timeout: 20_000 });
      await page.waitForTimeout(1_000);
      const box = (await page.locator('[data-testid="map"] .echart').boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await expect.poll(() => page.getByTestId('map').getAttribute('data-scope')).toMatch(/^321171\d{3}$/);
      await page.getByRole('button', { name: /返回上级/ }).click();
      await expect.poll(() => page.getByTestId('map').getAttribute('data-scope')).toBe('321171');
    }));

  it('survives a malformed delta: the wall stays up, warns, and resynchronises', () =>
    onWall('/', async (page, problems) => {
      const warnings: string[] = [];
      page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
      const io = suite.app.moshao.io as unknown as { emit: (event: string, payload: unknown) => void };
      io.emit('scope:delta', { scope: '321171', seq: 1e9, patch: { tickets: { total: 'lots' } } });
      io.emit('ticket:upsert', { scope: '321171', tickets: [{ id: 'x' }], dropped: 0 });
      await expect.poll(() => warnings.filter((w) => w.includes('malformed')).length).toBeGreaterThanOrEqual(2);
      await page.waitForTimeout(1_000);
      expect(await page.getByTestId('wall').isVisible()).toBe(true);
      expect(await page.getByTestId('kpi-total').getAttribute('data-value')).toMatch(/^\d+$/);
      expect(problems).toEqual([]);
    }));

  it('reports its health in the form the server accepts: GET /api/screens lists it with its path, not a full address', () =>
    onWall('/?scope=321171001', async (page) => {
      const id = await page.evaluate(() => localStorage.getItem('moshao.screenId'));
      expect(id).toMatch(/^wall-/);
      // A supervisor's list (GET /api/screens needs a login).
      const login = await suite.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
      const cookie = `${SESSION_COOKIE}=${login.cookies.find((c) => c.name === SESSION_COOKIE)!.value}`;
      const listed = async () => ((await suite.app.inject({ url: '/api/screens', headers: { cookie } })).json() as { screenId: string }[]).find((s) => s.screenId === id);
      // The first report leaves 5 s after start.
      await expect.poll(listed, { timeout: 15_000, interval: 500 }).toMatchObject({ scope: '321171001', url: '/?scope=321171001', connected: true });
      // Its first report's ack gave the screen its secret, kept for this browser session.
      expect(await page.evaluate(() => sessionStorage.getItem('moshao.screenSecret'))).toMatch(new RegExp(`^${id} [A-Za-z0-9_-]{32}$`));
    }));

  it("shows 丁卯街道's title and only its cells at /?scope=321171001", async () => {
    const geo = (await (await fetch(`${suite.baseUrl}/api/geo?level=grid`)).json()) as GeoCollection;
    const cells = geo.features.filter((f) => f.id.startsWith('321171001')).length;
    expect(cells).toBeGreaterThan(0);
    await onWall('/?scope=321171001', async (page) => {
      expect(await page.locator('h1').textContent()).toBe('丁卯街道集成管理指挥中心');
      // The map's own view (an urgent interrupt may zoom to a village for a few seconds).
      await page.waitForSelector('[data-testid="map"][data-scope="321171001"]', { timeout: 20_000 });
      expect(Number(await page.getByTestId('map').getAttribute('data-cells'))).toBe(cells);
      expect(await page.getByTestId('ranking').textContent()).toContain('村社排名');
      await page.screenshot({ path: screenshotPath('wall-321171001-1920x1080.png') });
    });
  });
});
