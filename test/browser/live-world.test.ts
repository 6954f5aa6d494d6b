import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { smallWorld } from '../../server/test/world.js';
import { exportWorldFiles } from '../../server/world/export-world.js';
import { importWorld } from '../../server/world/world-io.js';
import { launchChromium, newWallPage, startApp } from './harness.js';
import { describeInChromium } from './guard.js';

/**
 * Live mode on a fresh database in a real browser: the wall says that no world has been imported and how (never a
 * white screen or an empty map), and once a world is imported and the server restarted it shows the district by itself.
 */
describeInChromium('live wall without a world in Chromium', () => {
  let dir = '';
  let dbPath = '';
  let port = 0;
  let app: FastifyInstance | null = null;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moshao-live-wall-'));
    dbPath = join(dir, 'live.db');
    let baseUrl: string;
    ({ app, baseUrl, port } = await startApp({ dbPath, mode: 'live' }));
    browser = await launchChromium();
    ({ page, problems } = await newWallPage(browser));
    await page.goto(`${baseUrl}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says that no world is imported and how, in Chinese and English, over the dark frame', async () => {
    const notice = page.getByTestId('no-world');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('npm run world:import');
    expect(await notice.textContent()).toContain('尚未导入');
    const background = await page.getByTestId('wall').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgb(255, 255, 255)');
    expect(await page.getByTestId('map').isVisible()).toBe(true);
    await page.keyboard.press('l');
    await page.waitForFunction(() => document.querySelector('[data-testid="no-world"]')?.textContent?.includes('No district world has been imported'));
    expect(problems).toEqual([]);
  });

  it('shows the imported world by itself once the server is restarted on it', async () => {
    await app!.close();
    app = null;
    const set = join(dir, 'set');
    mkdirSync(set);
    for (const [name, text] of Object.entries(exportWorldFiles(smallWorld()))) writeFileSync(join(set, name), text);
    expect(importWorld(dbPath, set)).toMatchObject({ ok: true, totals: { cells: 325 } });
    ({ app } = await startApp({ dbPath, mode: 'live', port }));
    // The wall re-subscribes, finds the world and reloads itself: the map then has the district's cells.
    await page.waitForSelector('[data-testid="map"][data-cells="325"]', { timeout: 30_000 });
    expect(await page.getByTestId('no-world').count()).toBe(0);
  });
});
