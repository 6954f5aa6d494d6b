import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KpiReport, ReportBy } from '../../shared/schemas/report.js';

/** The worker's file beside this one: .ts when the server runs from source (through tsx), .js when compiled. */
const SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./workbook-worker.${SOURCE ? 'ts' : 'js'}`, import.meta.url);
/**
 * The worker starts here: from source it first registers tsx's loader in its own thread (a flag inherited or passed
 * in execArgv does not reach a worker started inside a test runner's worker), then loads the program.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})().catch((err) => { throw err; });
`;
/** tsx's ESM register API, found through its package's exports (its CommonJS build cannot register ES hooks). */
function tsxApi(): string | null {
  if (!SOURCE) return null;
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), pkg.exports['./esm/api'].import.default)).href;
}

/**
 * The workbook of a report, built in a worker thread of its own (one per workbook: a few a day, so no pool to keep),
 * so the server's event loop never waits for exceljs. From source the worker loads TypeScript through tsx, as the
 * server does.
 */
export function workbookInThread(reports: Record<ReportBy, KpiReport>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: { url: WORKER_URL.href, tsx: tsxApi() } });
    worker.once('message', (m: { bytes?: Uint8Array; error?: string }) => {
      if (m.bytes) resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else reject(new Error(`the workbook failed: ${m.error ?? 'no answer'}`));
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the workbook's worker stopped (exit code ${code}) before answering`)));
    worker.postMessage(reports);
  });
}
