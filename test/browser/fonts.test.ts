import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { browserSuite, waitForLiveWall } from './harness.js';
import { describeInChromium } from './guard.js';

/**
 * The CJK font is cut at build time to the characters the product shows (scripts/font-subset.ts), with the whole
 * font behind it. The cold wall fetches the cut only; a character outside it still renders, from one more file.
 */
interface Font {
  path: string;
  bytes: number;
}

/** The woff2 files the page fetched, with their bytes on the wire (a cold profile: every one from the network). */
const fontsFetched = (page: Page): Promise<Font[]> =>
  page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => e as PerformanceResourceTiming)
    .filter((e) => e.name.endsWith('.woff2'))
    .map((e) => ({ path: new URL(e.name).pathname, bytes: e.encodedBodySize })));

const CUT = /^\/assets\/noto-sans-sc-shown-[\w-]+\.woff2$/;
const ORBITRON = /^\/assets\/orbitron-/;
/** The whole font's pieces, as @fontsource names them. */
const WHOLE = /^\/assets\/noto-sans-sc-(?!shown-)[\w-]+-\d00-normal-[\w-]+\.woff2$/;
/** In no GB2312 table nor in any name of the world: outside the cut (but in Noto Sans SC, unlike 齉). */
const RARE = '龘';

describeInChromium('the wall\'s CJK font: the cut first, the whole font behind it', () => {
  const suite = browserSuite();

  it('fetches only the cut for the wall, and one piece of the whole font for a character outside it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    try {
      await page.goto(`${suite.baseUrl}/`);
      await waitForLiveWall(page);
      await page.waitForSelector('[data-testid="map"] canvas', { timeout: 30_000 });
      await page.evaluate(() => document.fonts.ready);

      const cold = await fontsFetched(page);
      const cjk = cold.filter((f) => !ORBITRON.test(f.path));
      // Both weights of the cut; nothing of the whole font: every character the wall shows is in the cut.
      expect(cjk.map((f) => f.path).filter((p) => !CUT.test(p))).toEqual([]);
      expect(cjk.filter((f) => /-400-/.test(f.path)).length).toBeGreaterThan(0);
      expect(cjk.filter((f) => /-700-/.test(f.path)).length).toBeGreaterThan(0);
      const cutBytes = cjk.reduce((sum, f) => sum + f.bytes, 0);
      // The whole simplified-Chinese cut is 1.1 MB a weight: the wall's own characters are a small part of it.
      expect(cutBytes).toBeGreaterThan(0);
      expect(cutBytes).toBeLessThan(500 * 1024);
      console.info(`fonts: cold wall woff2 ${cold.length} files, ${(cold.reduce((s, f) => s + f.bytes, 0) / 1024).toFixed(0)} kB (CJK ${(cutBytes / 1024).toFixed(0)} kB)`);
      // The charts wait for the cut, which document.fonts holds for the wall's own words.
      expect(await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '镇江经开区'))).toBe(true);

      // A character outside the cut (an imported world's name, say): the whole font's piece that holds it is fetched.
      const width = await page.evaluate(async (rare) => {
        const el = document.createElement('div');
        el.textContent = rare;
        el.style.cssText = 'position:absolute;left:0;top:0;font-size:64px;font-family:var(--font-text)';
        document.body.append(el);
        void el.offsetWidth; // the layout that finds the character missing from the cut, and starts the fetch
        await document.fonts.ready;
        return el.getBoundingClientRect().width;
      }, RARE);
      const after = await fontsFetched(page);
      const added = after.filter((f) => !cold.some((c) => c.path === f.path));
      expect(added.map((f) => f.path)).toEqual([expect.stringMatching(WHOLE)]);
      expect(await page.evaluate((rare) => document.fonts.check('64px "Noto Sans SC Ext"', rare), RARE)).toBe(true);
      // Drawn with Noto Sans SC's own glyph: an ideograph is one em wide (a missing glyph's box is narrower).
      expect(Math.round(width)).toBe(64);
      expect(await page.evaluate((rare) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = '64px "Noto Sans SC", "Noto Sans SC Ext"';
        return Math.round(ctx.measureText(rare).width);
      }, RARE)).toBe(64);
    } finally {
      await context.close();
    }
  });
});
