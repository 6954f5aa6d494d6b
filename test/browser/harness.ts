import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { buildApp, type AppOptions } from '../../server/app.js';
import { ensureClientBuilt } from './build-client.js';
import { CHROMIUM_PATH } from './guard.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'screenshots');
/** Mid-year, mid-morning: the wall then shows tickets, rates and a coloured map, not an empty 1 January. */
export const SEEK_TO = '2023-06-15T10:00:00+08:00';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Builds the client if stale and starts the server on `port` (0: any), serving it. */
export async function startApp(opts: Partial<AppOptions> & { port?: number } = {}): Promise<{ app: FastifyInstance; baseUrl: string; port: number }> {
  const clientDir = ensureClientBuilt(REPO_ROOT);
  const { port = 0, ...rest } = opts;
  const app = await buildApp({ dbPath: ':memory:', mode: 'demo', ticketScale: 0.02, clientDir, ...rest });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the server did not report a TCP port');
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, port: address.port };
}

/** What a browser suite runs against: set before its first test, closed after its last. */
export interface BrowserSuite {
  app: FastifyInstance;
  baseUrl: string;
  browser: Browser;
}

/**
 * Starts the app (startApp with `opts`, then `prepare`, e.g. pauseMidYear) and a Chromium before the suite's tests and
 * closes both after them. Call it in the describe body; read the suite's fields inside the tests.
 */
export function browserSuite(opts: Parameters<typeof startApp>[0] = {}, prepare?: (app: FastifyInstance) => Promise<void>): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    ({ app: suite.app, baseUrl: suite.baseUrl } = await startApp(opts));
    await prepare?.(suite.app);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/** Console errors and page errors of a page, for "no console errors" (warnings are allowed: that is how bad events are reported). */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${String(err)}`));
  return problems;
}

/** A new page at the wall's design size (1920x1080), its console and page errors watched. */
export async function newWallPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  return { page, problems: watchProblems(page) };
}

/** Seeks the demo to SEEK_TO: the wall then shows tickets, rates and a coloured map. */
export async function seekMidYear(app: FastifyInstance): Promise<void> {
  await app.moshao.replayer?.command({ action: 'seek', to: Date.parse(SEEK_TO) });
}

/** Seeks the demo to SEEK_TO and pauses it: the only changes are then the ones the test makes. */
export async function pauseMidYear(app: FastifyInstance): Promise<void> {
  await seekMidYear(app);
  await app.moshao.replayer?.command({ action: 'pause' });
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return join(SCREENSHOTS_DIR, name);
}

/** The wall is up: connected, with a year's total on the counter. */
export async function waitForLiveWall(page: Page): Promise<void> {
  await page.getByTestId('wall').waitFor();
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="kpi-total"][data-value]', { timeout: 30_000 });
}

/** The year's total as the counter shows it (its data-value), or null. */
export async function kpiTotal(page: Page): Promise<number | null> {
  const v = await page.getByTestId('kpi-total').getAttribute('data-value');
  return v === null ? null : Number(v);
}
