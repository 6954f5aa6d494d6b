import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import type { Summary } from '../../shared/schemas/summary.js';
import { browserSuite, newWallPage, seekMidYear, waitForLiveWall } from './harness.js';
import { describeInChromium } from './guard.js';

/** How long the wall is watched after its first load. */
const WATCH_MS = 60_000;
const FILE_EVERY_MS = 3_000;
/** Tickets filed while watching, one every FILE_EVERY_MS: a count, so a slow machine watches longer, never less. */
const FILINGS = WATCH_MS / FILE_EVERY_MS;
const TOKEN = 'push-test-intake-token-0123';
/** Where the replay jumps to halfway: forward, so the jump rewrites the tickets of three months. */
const JUMP_TO = '2023-09-15T10:00:00+08:00';

const attr = async (page: Page, testId: string, name: string): Promise<number> =>
  Number(await page.getByTestId(testId).getAttribute(name));
/** The map's scope (the district, or the town an urgent ticket zoomed it to) and the tickets it shows there. */
const mapShows = async (page: Page): Promise<{ scope: string; total: number }> =>
  ({ scope: (await page.getByTestId('map').getAttribute('data-scope')) ?? '', total: await attr(page, 'map', 'data-total') });

describeInChromium('a connected wall in Chromium pushes, never polls', () => {
  const suite = browserSuite({ autoPlay: true, replaySpeed: 3600, intakeToken: TOKEN }, seekMidYear);

  it('makes no /api request for 60 s after load while tickets are filed, the replay plays, a delta is lost and the replay jumps', async () => {
    const { page, problems } = await newWallPage(suite.browser);
    let watching = false;
    const apiRequests: string[] = [];
    const loadRequests: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname.startsWith('/api/')) (watching ? apiRequests : loadRequests).push(`${req.method()} ${url.pathname}${url.search}`);
    });
    // Re-subscriptions the wall sends over its socket (a gap, a jump): the socket's own frames, not HTTP.
    let subscribes = 0;
    page.on('websocket', (ws) => ws.on('framesent', (frame) => {
      if (watching && String(frame.payload).includes('"scope:subscribe"')) subscribes += 1;
    }));

    await page.goto(`${suite.baseUrl}/`);
    await waitForLiveWall(page);
    // The first load: geometry, categories and health, and the snapshot's measures and ranking on screen.
    await page.waitForSelector('[data-testid="map"][data-cells="325"]:not([data-total="0"])', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="ranking"][data-rows="5"]:not([data-total="0"])', { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    watching = true;
    // Every total the map showed, by the scope it showed it for.
    const mapTotals = new Map<string, Set<number>>();
    const sampleMap = async () => {
      const { scope, total } = await mapShows(page);
      mapTotals.set(scope, (mapTotals.get(scope) ?? new Set()).add(total));
    };
    await sampleMap();
    const rankingBefore = await attr(page, 'ranking', 'data-total');

    const gridId = (suite.app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 1').get() as { id: string }).id;
    for (let filed = 1; filed <= FILINGS; filed++) {
      const res = await fetch(`${suite.baseUrl}/api/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ category: 'elevator', title: '电梯困人', channel: 'mini_program', reporterRole: 'resident', gridId }),
      });
      expect(res.status).toBe(201);
      // As if a delta was lost on the way a third of the way through: the wall must re-subscribe.
      if (filed === Math.round(FILINGS / 3)) suite.app.moshao.broadcaster.bumpSeq('321171');
      if (filed === Math.round(FILINGS / 2)) await suite.app.moshao.replayer!.command({ action: 'seek', to: Date.parse(JUMP_TO) });
      await page.waitForTimeout(FILE_EVERY_MS);
      await sampleMap();
    }
    // Hold the replay still so the wall can be compared with the server.
    await suite.app.moshao.replayer!.command({ action: 'pause' });
    const serverTotal = async (scope: string) => ((await suite.app.inject({ url: `/api/summary?scope=${scope}` })).json() as Summary).tickets.total;
    // What the wall shows is the server's state (suite.app.inject is no request of the page).
    await expect.poll(async () => {
      const { scope, total } = await mapShows(page);
      return total - (await serverTotal(scope));
    }, { timeout: 30_000 }).toBe(0);
    const districtTotal = await serverTotal('321171');
    await expect.poll(() => attr(page, 'ranking', 'data-total'), { timeout: 30_000 }).toBe(districtTotal);
    watching = false;

    // The listener sees the page's requests (the first load's), and none after it.
    expect(loadRequests).toContainEqual(expect.stringMatching(/^GET \/api\/geo\?level=grid(&v=[\w-]+)?$/));
    expect(apiRequests).toEqual([]);
    // The numbers moved (filings, the replay, the jump), and came by the socket: the gap and the jump re-subscribed.
    expect(Math.max(...[...mapTotals.values()].map((totals) => totals.size))).toBeGreaterThan(1);
    expect(await attr(page, 'ranking', 'data-total')).toBeGreaterThan(rankingBefore);
    expect(subscribes).toBeGreaterThanOrEqual(2);
    expect(problems).toEqual([]);
  }, 300_000);
});
