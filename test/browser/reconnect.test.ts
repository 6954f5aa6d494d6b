import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Summary } from '../../shared/schemas/summary.js';
import { kpiTotal, launchChromium, newWallPage, pauseMidYear, startApp, waitForLiveWall } from './harness.js';
import { describeInChromium } from './guard.js';

/** How long to wait for the wall to recover by itself once the server is back: generous, as the machine may be busy. */
const RECOVER_WAIT_MS = 30_000;

async function serverTotal(app: FastifyInstance): Promise<number> {
  const res = await app.inject({ method: 'GET', url: '/api/summary' });
  return (res.json() as Summary).tickets.total;
}

describeInChromium('wall reconnect in Chromium', () => {
  let dir = '';
  let dbPath = '';
  let port = 0;
  let app: FastifyInstance | null = null;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'moshao-reconnect-'));
    dbPath = join(dir, 'wall.db');
    let baseUrl: string;
    ({ app, baseUrl, port } = await startApp({ dbPath, autoPlay: false }));
    await pauseMidYear(app);
    browser = await launchChromium();
    ({ page } = await newWallPage(browser));
    await page.goto(`${baseUrl}/`);
    await waitForLiveWall(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the numbers with a ticking stale banner while the server is away, and recovers within 5 s of its return', async () => {
    const total = await kpiTotal(page);
    expect(total).toBe(await serverTotal(app!));

    await app!.close();
    app = null;
    await page.waitForSelector('[data-testid="connection-status"][data-status="offline"]', { timeout: 10_000 });
    const banner = page.getByTestId('stale-banner');
    expect(await banner.textContent()).toContain('连接已中断');
    const firstAge = await banner.textContent();
    await page.waitForTimeout(2_100);
    // The stale age ticks, and the last values stay on screen.
    expect(await banner.textContent()).not.toBe(firstAge);
    expect(await kpiTotal(page)).toBe(total);

    // Back on the same database and port, as a restarted service would be.
    ({ app } = await startApp({ dbPath, port, autoPlay: false }));
    await page.waitForSelector('[data-testid="stale-banner"]', { state: 'detached', timeout: RECOVER_WAIT_MS });
    await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: RECOVER_WAIT_MS });
    // The numbers agree with the restarted server's (a fresh snapshot, not the old values).
    await expect.poll(async () => kpiTotal(page)).toBe(await serverTotal(app));
    expect(await page.locator('[data-testid="ticket-board"] [data-ticket-id]').count()).toBeGreaterThan(0);
  });
});
