import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { browserSuite, kpiTotal, newWallPage, pauseMidYear, waitForLiveWall } from './harness.js';
import { describeInChromium } from './guard.js';

/** How long to wait for the push. Generous: how fast it comes is measured by `npm run bench` (push), not in tests. */
const PUSH_WAIT_MS = 30_000;

describeInChromium('intake to wall in Chromium', () => {
  // Paused mid-year: the only changes are the ones this test makes.
  const suite = browserSuite({ autoPlay: false }, pauseMidYear);
  let page: Page;
  let problems: string[] = [];

  const post = async (body: Record<string, unknown>): Promise<{ id: number }> => {
    const res = await fetch(`${suite.baseUrl}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${suite.app.moshao.intakeToken}` },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: number };
  };

  beforeAll(async () => {
    ({ page, problems } = await newWallPage(suite.browser));
    await page.goto(`${suite.baseUrl}/`);
    await waitForLiveWall(page);
  });

  it('shows a ticket posted to the intake on the board and in the numbers, pushed without a reload', async () => {
    const before = (await kpiTotal(page))!;
    const ticket = await post({
      category: 'lamp',
      title: '测试：路灯不亮 13912345678',
      channel: 'mini_program',
      reporterRole: 'resident',
      gridId: '321171001001-01',
    });
    await page.waitForSelector(`[data-testid="ticket-board"] [data-ticket-id="${ticket.id}"]`, { state: 'attached', timeout: PUSH_WAIT_MS });
    await expect.poll(() => kpiTotal(page), { timeout: PUSH_WAIT_MS }).toBe(before + 1);
    const row = await page.locator(`[data-ticket-id="${ticket.id}"]`).textContent();
    expect(row).toContain('路灯照明');
    // The board never shows free text a reporter typed (here: a phone number in the title).
    expect(await page.getByTestId('ticket-board').textContent()).not.toContain('13912345678');
    expect(problems).toEqual([]);
  });

  it('focuses an urgent ticket on the map and the board, then returns', async () => {
    const ticket = await post({
      category: 'gas_safety',
      title: '测试：燃气泄漏',
      channel: 'hotline_12345',
      reporterRole: 'resident',
      urgent: true,
      gridId: '321171002009-03',
    });
    await page.waitForSelector(`[data-testid="board-interrupt"][data-ticket-id="${ticket.id}"]`, { timeout: 3_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-scope')).toBe('321171002');
    // Back to the overview after the interrupt (8 s).
    await page.waitForSelector('[data-testid="board-interrupt"]', { state: 'detached', timeout: 12_000 });
    await expect.poll(() => page.getByTestId('map').getAttribute('data-scope'), { timeout: 3_000 }).toBe('321171');
    expect(problems).toEqual([]);
  });
});
