import { Readable } from 'node:stream';
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { monthBounds } from '../../shared/report-month.js';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import {
  fileBody, KpiQuerySchema, KpiReportSchema, MonthlyQuerySchema, REPORT_GROUPINGS, ReportWeightsSchema, WEIGHTED_INDICATORS,
  type KpiQuery, type ReportBy, type ReportWeights,
} from '../../shared/schemas/report.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { DomainError } from '../domain/errors.js';
import { createTally } from '../domain/reports/indicators.js';
import { ticketCsvHeader, ticketCsvLine } from '../domain/reports/csv.js';
import { isoShanghai, parsePeriod } from '../domain/reports/period.js';
import { kpiReports } from '../domain/reports/report.js';
import { reportWorkbook } from '../domain/reports/workbook.js';
import { ChromiumMissing, missingChromium, printPdf } from '../print/pdf.js';
import type { ReportRepository } from '../storage/report-repository.js';
import { outsideRequestBudget } from '../storage/request-budget.js';
import type { TicketPage } from '../storage/ticket-repository.js';
import type { RouteContext } from './context.js';
import { reportDirectoryOf, reportScopeOf } from './report-common.js';
import { ticketFor } from './ticket-view.js';
import { ListQuery, listFilterOf } from './tickets.js';

/** Tickets read per page of the CSV export: one statement per page, none left open while the client reads. */
export const CSV_PAGE_TICKETS = 250;
const CsvQuery = Type.Omit(ListQuery, ['cursor', 'limit']);

const pdfUnavailable = (path: string) => new DomainError(503, 'pdf_unavailable',
  `No Chromium at ${path} to print the PDF: install it (apt-get install -y chromium) or point CHROMIUM_PATH at one. The workbook (kpi.xlsx) and the CSV still work.`);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `attachment` with an ASCII fallback name and the real one in RFC 5987's UTF-8 form. */
export function attachment(asciiName: string, utf8Name: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/**
 * Every page of a listing as one stream: a page is read only when the client has taken the previous one (Readable's
 * read() is backpressure), so memory stays flat whatever the number of tickets, and no statement stays open between
 * pages (the connection is shared with every write). Each page is read on a turn of its own: a fast client on a local
 * socket would otherwise drain dozens of pages in one turn (measured: 37) and hold everything else up meanwhile.
 */
export function pagedStream(head: string, page: (beforeId: number | undefined) => TicketPage, line: (t: Ticket) => string): Readable {
  let cursor: number | undefined;
  let started = false;
  let scheduled = false;
  // One page a turn of the event loop; a short or empty page with a cursor (a list reads a bounded window) goes on.
  const pump = () => {
    scheduled = false;
    if (stream.destroyed) return;
    try {
      // The export is one page a turn by design, whatever its length: outside the request's SQL budget.
      const { items, nextCursor } = outsideRequestBudget(() => page(cursor));
      if (nextCursor !== null) cursor = nextCursor;
      if (items.length > 0) stream.push(items.map(line).join(''));
      if (nextCursor === null) stream.push(null);
      else if (items.length === 0) schedule();
    } catch (err) {
      stream.destroy(err as Error);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  const stream: Readable = new Readable({
    read() {
      if (!started) {
        started = true;
        this.push(head);
        return;
      }
      schedule();
    },
  });
  return stream;
}

/** The monthly reports (KPIs as JSON and as a workbook), their score weights, and the ticket list as CSV. */
export function reportRoutes(ctx: RouteContext, reports: ReportRepository) {
  const { authorizer, audit } = ctx.auth;
  const towns = ctx.world.listTowns();
  const villages = ctx.world.listVillages();
  const dir = reportDirectoryOf(ctx);
  const categoryNames = new Map(ctx.categories.map((c) => [c.code, c.name]));
  const categoryName = (code: string) => categoryNames.get(code) ?? code;
  const related = (scope: string) => (code: string) => code.startsWith(scope) || scope.startsWith(code);

  /** The scope asked for (default: the caller's reach), known and within reach, or 404 / 403 naming `scope`. */
  const scopeOf = (req: FastifyRequest, q: KpiQuery): string => reportScopeOf(ctx, req, q.scope);

  const compute = async <B extends ReportBy>(req: FastifyRequest, q: KpiQuery, bys: readonly B[]) => {
    const scope = scopeOf(req, q);
    const clock = ctx.clockNow();
    const period = { ...parsePeriod(q, clock), clock };
    const ref = ctx.live.summary(scope).scope;
    const weights = reports.weights();
    const tally = createTally(period, bys, dir);
    await reports.forEachEventRow(scope === DISTRICT_CODE ? null : scope, period, tally.add);
    return kpiReports(tally.finish(), {
      scope: { id: ref.id, name: ref.name }, period, bys, weights,
      baseline: { town: towns.map((t) => t.code).filter(related(scope)), village: villages.map((v) => v.code).filter(related(scope)) },
    }, dir);
  };

  /** The print page of a month, printed by Chromium with the caller's session (the page reads the JSON as they would). */
  const printMonthly = async (req: FastifyRequest, scope: { id: string; name: string }, month: string): Promise<Buffer> => {
    const missing = missingChromium();
    if (missing !== null) throw pdfUnavailable(missing);
    const address = req.server.server.address();
    if (!address || typeof address === 'string') {
      throw new DomainError(503, 'print_unavailable', 'The PDF is printed from the server\'s own pages: the server is not listening on a TCP port.');
    }
    const host = address.family === 'IPv6' ? '[::1]' : '127.0.0.1';
    const url = `http://${host}:${address.port}/print/monthly?scope=${encodeURIComponent(scope.id)}&month=${month}`;
    const period = `${escapeHtml(scope.name)} · ${month}`;
    const small = 'font-size:8px;width:100%;padding:0 12mm;color:#555;display:flex;justify-content:space-between';
    try {
      return await printPdf({
        url,
        cookies: [{ name: SESSION_COOKIE, value: req.cookies[SESSION_COOKIE] ?? '' }],
        readySelector: '[data-print-ready]',
        headerTemplate: `<div style="${small}"><span>末梢 · 考核月报</span><span>${period}</span></div>`,
        footerTemplate: `<div style="${small}"><span>${period}</span><span>第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</span></div>`,
      });
    } catch (err) {
      throw err instanceof ChromiumMissing ? pdfUnavailable(err.message) : err;
    }
  };

  const readGuard = authorizer.guard('reports:read');
  // A HEAD request (Fastify answers one for every GET route) downloads nothing and is not audited as a download.
  const downloaded = (req: FastifyRequest, action: 'report.download' | 'tickets.download', target: string, detail: Record<string, unknown>) => {
    if (req.method === 'GET') audit.record(authorizer.principalOf(req)!, action, target, detail, req.ip);
  };

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get('/api/reports/kpi', { ...readGuard, schema: { querystring: KpiQuerySchema, response: { 200: KpiReportSchema, ...ErrorResponses } } }, async (req) => {
      const by = req.query.by ?? 'village';
      return (await compute(req, req.query, [by]))[by];
    });

    app.get('/api/reports/kpi.xlsx', {
      ...readGuard, schema: { querystring: KpiQuerySchema, response: { 200: fileBody('the workbook, .xlsx bytes'), ...ErrorResponses } },
    }, async (req, reply) => {
      const all = await compute(req, req.query, REPORT_GROUPINGS);
      const r = all.town;
      const body = await reportWorkbook(all);
      const day = (iso: string) => iso.slice(0, 10);
      downloaded(req, 'report.download', `scope:${r.scope.id}`, { format: 'xlsx', from: r.from, to: r.to });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment(`moshao-report-${r.scope.id}-${day(r.from)}-${day(r.to)}.xlsx`,
          `考核报表-${r.scope.name}-${day(r.from)}至${day(r.to)}.xlsx`))
        .send(body);
    });

    app.get('/api/reports/monthly.pdf', {
      ...readGuard, schema: { querystring: MonthlyQuerySchema, response: { 200: fileBody('the monthly report, PDF bytes'), ...ErrorResponses } },
    }, async (req, reply) => {
      const { month, scope } = req.query;
      const bounds = monthBounds(month);
      if (!bounds) throw new DomainError(400, 'invalid_query', `Query "month" must be a month as YYYY-MM, e.g. 2023-10.`, 'month');
      // The same checks as the JSON (scope, reach, a period not in the future) answer before a browser starts.
      const r = (await compute(req, { scope, ...bounds }, ['town']))['town'];
      const pdf = await printMonthly(req, r.scope, month);
      downloaded(req, 'report.download', `scope:${r.scope.id}`, { format: 'pdf', from: r.from, to: r.to });
      return reply
        .type('application/pdf')
        .header('content-disposition', attachment(`moshao-monthly-${r.scope.id}-${month}.pdf`, `考核月报-${r.scope.name}-${month}.pdf`))
        .send(pdf);
    });

    app.get('/api/reports/weights', { ...readGuard, schema: { response: { 200: ReportWeightsSchema, ...ErrorResponses } } }, async () => reports.weights());

    app.put('/api/reports/weights', {
      ...authorizer.guard('reports:weights'), schema: { body: ReportWeightsSchema, response: { 200: ReportWeightsSchema, ...ErrorResponses } },
    }, async (req) => {
      const next: ReportWeights = req.body;
      if (WEIGHTED_INDICATORS.every((k) => next[k] === 0)) {
        throw new DomainError(400, 'invalid_body', 'At least one weight must be above 0: the score divides by their sum.', WEIGHTED_INDICATORS[0]);
      }
      const before = reports.weights();
      reports.setWeights(next, Date.now());
      audit.record(authorizer.principalOf(req)!, 'report.weights', 'reports:weights', { before, after: next }, req.ip);
      return reports.weights();
    });

    app.get('/api/tickets.csv', {
      ...readGuard, schema: { querystring: CsvQuery, response: { 200: fileBody('the tickets as CSV, streamed'), ...ErrorResponses } },
    }, async (req, reply) => {
      const now = ctx.clockNow();
      const filter = listFilterOf(ctx, req.query, now);
      const principal = authorizer.principalOf(req);
      downloaded(req, 'tickets.download', `scope:${req.query.scope ?? DISTRICT_CODE}`, { format: 'csv', filters: req.query });
      const stream = pagedStream(ticketCsvHeader(),
        (beforeId) => ctx.tickets.listTicketsPage({ ...filter, beforeId, limit: CSV_PAGE_TICKETS }),
        (t) => ticketCsvLine(ticketFor(principal, t), categoryName));
      const stamp = isoShanghai(now).slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`moshao-tickets-${stamp}.csv`, `事项清单-${stamp}.csv`))
        .send(stream);
    });
  };
}
