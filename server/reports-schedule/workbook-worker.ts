/**
 * The worker thread's whole program: one report in, its workbook out. exceljs lays a district's year out in one
 * synchronous stretch of 100-200 ms (measured); here it holds this thread's loop, not the server's.
 */
import { parentPort } from 'node:worker_threads';
import type { KpiReport, ReportBy } from '../../shared/schemas/report.js';
import { reportWorkbook } from '../domain/reports/workbook.js';

parentPort!.once('message', (reports: Record<ReportBy, KpiReport>) => {
  reportWorkbook(reports).then(
    (bytes) => parentPort!.postMessage({ bytes }),
    (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) }),
  );
});
