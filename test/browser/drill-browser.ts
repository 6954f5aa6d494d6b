import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './guard.js';

export interface Browser {
  context: BrowserContext;
  /** Console errors and page errors of every page opened with newPage, for the test to assert empty. */
  problems: string[];
  newPage: (viewport: { width: number; height: number }) => Promise<Page>;
  close: () => Promise<void>;
}

/**
 * A headless Chromium with its own profile. `expected` lists console errors that are part of the scenario (the 401 of
 * GET /api/auth/me before logging in is how the page learns nobody is logged in).
 */
export async function launchBrowser(expected: (text: string, url: string) => boolean = () => false): Promise<Browser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'moshao-drill-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    hasTouch: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  let first = true;
  return {
    context,
    problems,
    newPage: async (viewport) => {
      const existing = first ? context.pages()[0] : undefined;
      first = false;
      const page = existing ?? (await context.newPage());
      await page.setViewportSize(viewport);
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !expected(msg.text(), msg.location().url)) problems.push(`console: ${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => problems.push(`page error: ${String(err)}`));
      return page;
    },
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
