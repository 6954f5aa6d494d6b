import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** Debian's Chromium, unless CHROMIUM_PATH names another. */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The longest a print may take, page load and PDF together. */
export const PRINT_TIMEOUT_MS = 60_000;
const MARGIN_MM = 12;
const PRINT_WIDTH_PX = Math.floor(((210 - 2 * MARGIN_MM) / 25.4) * 96);

export interface PrintJob {
  /** The print page, on this server. */
  url: string;
  /** Cookies the page is loaded with (the caller's session). */
  cookies: { name: string; value: string }[];
  /** A selector that appears when the page has its data, charts and fonts (the page sets it last). */
  readySelector: string;
  /** Chromium's header and footer templates (their own small documents: classes pageNumber, totalPages). */
  headerTemplate: string;
  footerTemplate: string;
  /**
   * When given, every request the page makes to /api/ on its own origin is first offered to this function, inside
   * this process: what it answers never reaches the network, so a print without a caller (the monthly run) gets its
   * data without any session or token existing that someone else could use. Null lets the request go to the server
   * as it is (with the job's cookies: none for the monthly run, so only what anyone may read, such as the outlines).
   */
  serve?: (url: URL, method: string) => Promise<{ status: number; body: string } | null>;
}

export class ChromiumMissing extends Error {}

/** The browser's path when it is not on this machine, else null. */
export function missingChromium(): string | null {
  const path = chromiumPath();
  return existsSync(path) ? null : path;
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints a page of this server to PDF (A4) with Chromium. The browser is its own process; this process only awaits
 * it, and prints one document at a time (a second request waits its turn instead of starting a second browser on a
 * small machine). Throws ChromiumMissing when there is no browser to drive.
 */
export function printPdf(job: PrintJob): Promise<Buffer> {
  const path = chromiumPath();
  if (missingChromium() !== null) return Promise.reject(new ChromiumMissing(path));
  const run = queue.then(() => printOnce(path, job));
  queue = run.catch(() => undefined);
  return run;
}

async function printOnce(executablePath: string, job: PrintJob): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'moshao-print-'));
  try {
    // The viewport is the A4 page's printable width (210 mm less the margins, at 96 dpi): charts are drawn to it.
    const context = await chromium.launchPersistentContext(dir, {
      executablePath, headless: true, args: CHROMIUM_ARGS, timeout: PRINT_TIMEOUT_MS, viewport: { width: PRINT_WIDTH_PX, height: 1000 },
    });
    try {
      // For the whole origin: a cookie set for the page's URL would have its path (/print) and miss /api.
      await context.addCookies(job.cookies.map((c) => ({ ...c, url: `${new URL(job.url).origin}/` })));
      const serve = job.serve;
      if (serve) {
        const origin = new URL(job.url).origin;
        await context.route((u) => u.origin === origin && u.pathname.startsWith('/api/'), async (route) => {
          const asked = route.request();
          const answer = await serve(new URL(asked.url()), asked.method()).catch((err: Error) => ({ status: 500, body: JSON.stringify({ error: 'internal', message: err.message }) }));
          if (answer === null) await route.continue();
          else await route.fulfill({ status: answer.status, contentType: 'application/json; charset=utf-8', body: answer.body });
        });
      }
      const page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(PRINT_TIMEOUT_MS);
      await page.emulateMedia({ media: 'print' });
      await page.goto(job.url, { waitUntil: 'load' });
      await page.waitForSelector(job.readySelector, { state: 'attached' });
      const failed = await page.getAttribute(job.readySelector, 'data-print-error');
      if (failed) throw new Error(`the print page failed: ${failed}`);
      return await page.pdf({
        format: 'A4', printBackground: true, displayHeaderFooter: true,
        headerTemplate: job.headerTemplate, footerTemplate: job.footerTemplate,
        margin: { top: '18mm', bottom: '16mm', left: `${MARGIN_MM}mm`, right: `${MARGIN_MM}mm` },
      });
    } finally {
      await context.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
