import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GeoFeature } from '../../shared/schemas/geo.js';
import { expect, it } from 'vitest';
import { ensureClientBuilt } from './build-client.js';
import { describeInChromium } from './guard.js';
import { browserSuite, REPO_ROOT, screenshotPath, watchProblems } from './harness.js';
import { expectPhoneFriendly, gridCells, phoneAppScripts, phoneContext, pointInside, waiting } from './m-phone.js';

/** The phone app's budget: what a village's mobile network loads before the first tap. */
const JS_BUDGET_GZIP = 150 * 1024;

describeInChromium('the phone app (/m) on a 390x844 touch phone', () => {
  const suite = browserSuite({ autoPlay: false });
  let cells: GeoFeature[] = [];
  let cell: GeoFeature;

  it('is its own small bundle: at most 150 kB of JavaScript gzipped, no ECharts, no wall code', async () => {
    const dist = ensureClientBuilt(REPO_ROOT);
    const scripts = phoneAppScripts(dist);
    expect(scripts.length).toBeGreaterThan(0);
    let total = 0;
    for (const file of scripts) {
      const code = readFileSync(join(dist, file));
      total += gzipSync(code, { level: 9 }).length;
      // ECharts names its renderers; the wall's big chunk is `mount`.
      expect(code.toString(), file).not.toMatch(/echarts|zrender|CanvasRenderer/i);
      expect(file).not.toMatch(/\/(mount|theme|DrillApp)-/);
    }
    console.log(`the /m page loads ${scripts.length} scripts, ${(total / 1024).toFixed(1)} kB gzipped`);
    expect(total).toBeLessThanOrEqual(JS_BUDGET_GZIP);
    // Installable: a manifest with its icons, and the service worker precaching the page and nothing of the wall.
    const html = readFileSync(join(dist, 'm', 'index.html'), 'utf8');
    expect(html).toContain('<link rel="manifest" href="/m/manifest.webmanifest">');
    expect(readFileSync(join(dist, 'index.html'), 'utf8')).not.toContain('manifest');
    const manifest = JSON.parse(readFileSync(join(dist, 'm', 'manifest.webmanifest'), 'utf8')) as { start_url: string; scope: string; icons: { sizes: string }[] };
    expect(manifest).toMatchObject({ start_url: '/m/', scope: '/m/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    const sw = readFileSync(join(dist, 'm-sw.js'), 'utf8');
    for (const file of scripts) expect(sw).toContain(`"${file}"`);
    expect(sw).not.toMatch(/assets\/(mount|theme|DrillApp)-/);
  });

  it('a resident from a QR poster: categories as big buttons, the GPS finds the cell and says how sure it is, a tap on the map picks one', async () => {
    cells = await gridCells(suite.baseUrl);
    cell = cells[40];
    const context = await phoneContext(suite.browser, pointInside(cell, cells));
    const page = await context.newPage();
    const problems = watchProblems(page);
    try {
      await page.goto(`${suite.baseUrl}/m/report?cell=${cell.id}`);
      await page.getByTestId('report-page').waitFor();
      await page.locator('[data-category]').first().waitFor();
      expect(await page.locator('[data-category]').count()).toBeGreaterThan(10);
      // The poster's cell is where the report is until the GPS says otherwise.
      await expect.poll(() => page.getByTestId('chosen-cell').getAttribute('data-grid-id')).toBe(cell.id);
      await page.getByTestId('use-gps').tap();
      await expect.poll(() => page.getByTestId('gps-accuracy').textContent()).toContain('12');
      expect(await page.getByTestId('chosen-cell').getAttribute('data-grid-id')).toBe(cell.id);
      expect(await page.getByTestId('outside-warning').count()).toBe(0);

      // The village map: every cell of the poster's village, one tap picks another.
      const village = cells.filter((c) => c.properties.villageCode === cell.properties.villageCode);
      expect(await page.locator('[data-testid="village-map"] path').count()).toBe(village.length);
      const other = village.find((c) => c.id !== cell.id)!;
      await page.getByTestId('village-map').scrollIntoViewIfNeeded();
      const xy = await page.evaluate((id) => {
        // A point inside the drawn cell, on the screen: sampled over its box until the path's fill holds it.
        const svg = document.querySelector('[data-testid="village-map"]') as SVGSVGElement;
        const path = svg.querySelector(`path[data-grid-id="${id}"]`) as SVGPathElement;
        const b = path.getBBox();
        const pt = svg.createSVGPoint();
        for (let i = 1; i < 10; i++) {
          for (let j = 1; j < 10; j++) {
            pt.x = b.x + (b.width * i) / 10;
            pt.y = b.y + (b.height * j) / 10;
            if (path.isPointInFill(pt)) {
              const s = pt.matrixTransform(svg.getScreenCTM()!);
              return { x: s.x, y: s.y };
            }
          }
        }
        throw new Error(`no point inside ${id}`);
      }, other.id);
      await page.touchscreen.tap(xy.x, xy.y);
      await expect.poll(() => page.getByTestId('chosen-cell').getAttribute('data-grid-id')).toBe(other.id);
      await expectPhoneFriendly(page, 'report');
      await page.screenshot({ path: screenshotPath('m-report.png'), fullPage: true });
      // English: longer words, the same targets, nothing sideways.
      await page.getByTestId('lang').tap();
      await expect.poll(() => page.locator('[data-category="lamp"]').textContent()).toBe('Street lighting');
      await expectPhoneFriendly(page, 'report (English)');
      await page.screenshot({ path: screenshotPath('m-report-en.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('warns outside the district', async () => {
    const context = await phoneContext(suite.browser, { lng: 121.47, lat: 31.23 });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.baseUrl}/m/report?cell=${cells[0].id}`);
      await page.locator('[data-category]').first().waitFor();
      await page.getByTestId('use-gps').tap();
      await page.getByTestId('outside-warning').waitFor();
    } finally {
      await context.close();
    }
  });

  it('opens without network once visited (its service worker), and keeps a report made offline in the outbox, across a reload', async () => {
    const context = await phoneContext(suite.browser, pointInside(cell, cells));
    const page = await context.newPage();
    try {
      await page.goto(`${suite.baseUrl}/m/report?cell=${cell.id}`);
      await page.locator('[data-category]').first().waitFor();
      // The worker has installed and controls the page (it claims the open page once active).
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      // ... and has read the categories, the map's version and the map through itself.
      await page.waitForFunction(async () => (await (await caches.open('m-api')).keys()).length >= 3, undefined, { timeout: 30_000 });
      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('report-page').waitFor();
      // The page, its code and font from the worker's precache; the categories and the map as last read.
      await page.locator('[data-category="lamp"]').tap();
      await expect.poll(() => page.locator('[data-testid="village-map"] path').count()).toBeGreaterThan(0);
      await page.getByTestId('description').fill('路灯不亮，晚上很黑');
      await page.getByTestId('submit-report').tap();
      await expect.poll(() => page.getByTestId('report-done').getAttribute('data-queued')).toBe('true');
      expect(await waiting(page)).toBe(1);
      await page.reload();
      await page.getByTestId('report-page').waitFor();
      await expect.poll(() => waiting(page)).toBe(1);
      await page.screenshot({ path: screenshotPath('m-offline-outbox.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('activation: the code of the contact card comes prefilled, the form says what is wrong before asking the server', async () => {
    const context = await phoneContext(suite.browser, pointInside(cell, cells));
    const page = await context.newPage();
    try {
      await page.goto(`${suite.baseUrl}/m/activate?code=ABCD2345`);
      await page.getByTestId('activate-page').waitFor();
      expect(await page.getByTestId('code').inputValue()).toBe('ABCD2345');
      await page.getByTestId('password').fill('short');
      await page.getByTestId('confirm').fill('other');
      await page.getByTestId('submit-activate').tap();
      expect(await page.getByRole('alert').allTextContents()).toEqual(['密码至少 10 位', '两次输入的密码不一致']);
      await expectPhoneFriendly(page, 'activate');
      await page.getByTestId('lang').tap();
      expect(await page.locator('h1').textContent()).toBe('Activate account');
      await page.screenshot({ path: screenshotPath('m-activate.png') });
    } finally {
      await context.close();
    }
  });
});
