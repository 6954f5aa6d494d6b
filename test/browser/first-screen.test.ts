import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, waitForLiveWall } from './harness.js';
import { describeInChromium } from './guard.js';

interface Entry {
  path: string;
  start: number;
  initiator: string;
  transfer: number;
  encoded: number;
  decoded: number;
}

/** What the page fetched, from its resource timing: transferSize 0 means the browser's cache answered, unasked. */
const entriesOf = (page: Page): Promise<Entry[]> =>
  page.evaluate(() => performance.getEntriesByType('resource').map((e) => {
    const r = e as PerformanceResourceTiming;
    return { path: r.name.replace(location.origin, ''), start: r.startTime, initiator: r.initiatorType, transfer: r.transferSize, encoded: r.encodedBodySize, decoded: r.decodedBodySize };
  }));

const mapDrawn = (page: Page) => page.waitForSelector('[data-testid="map"] canvas', { timeout: 30_000 });

describeInChromium('the wall\'s first screen: what it fetches, how, and what it keeps', () => {
  const suite = browserSuite();

  it('asks for fonts before the wall renders and for code with the page, compressed where it pays, and takes them and the map from its cache the next time', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    // When React first put the wall into the page (ms after navigation start).
    await context.addInitScript({
      content: `new MutationObserver((_, o) => {
        if (document.querySelector('[data-testid="wall"]')) { window.__wallRenderedAt = performance.now(); o.disconnect(); }
      }).observe(document, { subtree: true, childList: true });`,
    });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.baseUrl}/`);
      await waitForLiveWall(page);
      await mapDrawn(page);
      const cold = await entriesOf(page);
      const byPath = (re: RegExp) => cold.filter((e) => re.test(e.path));

      // The fonts are asked for by the entry, before React has rendered the wall, not when its first layout needs them.
      const renderedAt = await page.evaluate<number>('window.__wallRenderedAt');
      const cjk = byPath(/noto-sans-sc-shown-chinese-simplified-400-[\w-]+\.woff2$/);
      expect(cjk).toHaveLength(1);
      expect(cjk[0].start).toBeLessThan(renderedAt);
      // The big chunk is started by index.html itself, not by the entry once it has run.
      const modulePreloads = await page.evaluate(() => [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => l.getAttribute('href')));
      // (index.html's own links are relative; chunks the big one shares with the print page may follow it.)
      expect(modulePreloads).toContainEqual(expect.stringMatching(/^\/assets\/mount-[\w-]+\.js$/));
      for (const href of modulePreloads) expect(href).toMatch(/\/assets\/[\w-]+\.js$/);
      // Code and geometry come compressed; the map by its versioned URL.
      for (const e of [...byPath(/^\/assets\/.*\.js$/), ...byPath(/^\/api\/geo\?level=grid&v=[\w-]+$/)]) {
        expect(e.encoded, e.path).toBeLessThan(e.decoded / 2);
      }
      expect(byPath(/^\/api\/geo\?level=grid&v=/)).toHaveLength(1);

      await page.goto(`${suite.baseUrl}/`);
      await waitForLiveWall(page);
      await mapDrawn(page);
      const warm = await entriesOf(page);
      const cached = warm.filter((e) => /^\/assets\/|^\/api\/geo\?/.test(e.path));
      expect(cached.map((e) => e.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/api\/geo\?level=grid&v=/), expect.stringMatching(/^\/assets\/mount-/)]));
      for (const e of cached) expect(e.transfer, `${e.path} came from the network`).toBe(0);
    } finally {
      await context.close();
    }
  });
});
