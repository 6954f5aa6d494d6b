import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import Type from 'typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { monthBounds } from '../../shared/report-month.js';
import { contains, scopeLevelOf } from '../../shared/scope.js';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';
import {
  fileBody, KpiQuerySchema, KpiReportSchema, MonthlyQuerySchema, REPORT_GROUPINGS, ReportWeightsSchema, WEIGHTED_INDICATORS,
  type KpiQuery, type ReportBy, type ReportWeights,
} from '../../shared/schemas/report.js';
import {
  ReportFileParamsSchema, ReportFilesQuerySchema, ReportFilesSchema, type ReportFileFormat,
} from '../../shared/schemas/report-files.js';
import { ErrorResponses } from '../../shared/schemas/responses.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { DomainError } from '../domain/errors.js';
import { createTally } from '../domain/reports/indicators.js';
import { ticketCsvHeader, ticketCsvLine } from '../domain/reports/csv.js';
import { isoShanghai, parsePeriod } from '../domain/reports/period.js';
import { kpiReports } from '../domain/reports/report.js';
import { ChromiumMissing, missingChromium, printPdf, type PrintJob } from '../print/pdf.js';
import type { ReportFileStore } from '../reports-schedule/file-store.js';
import { workbookInThread } from '../reports-schedule/workbook-thread.js';
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
export function reportRoutes(
  ctx: RouteContext, reports: ReportRepository, files: ReportFileStore | null = null,
  /** The other report routes' own answers that the print page reads (GET /api/reports/monthly), for the monthly run. */
  printData: { monthly?: (scope: string, month: string) => Promise<unknown> } = {},
) {
  const { authorizer, audit } = ctx.auth;
  const towns = ctx.world.listTowns();
  const villages = ctx.world.listVillages();
  const dir = reportDirectoryOf(ctx);
  const categoryNames = new Map(ctx.categories.map((c) => [c.code, c.name]));
  const categoryName = (code: string) => categoryNames.get(code) ?? code;
  const related = (scope: string) => (code: string) => code.startsWith(scope) || scope.startsWith(code);

  /** A scope a report can cover (the district, a town or a village of this world), or 404 naming `scope`. */
  const knownScope = (scope: string): string => {
    const level = scopeLevelOf(scope);
    if (level === null || level === 'grid' || !ctx.live.hasScope(scope)) {
      throw new DomainError(404, 'unknown_scope', `Unknown scope "${scope}": a report covers the district (${DISTRICT_CODE}), a town or a village.`, 'scope');
    }
    return scope;
  };
  /** The scope asked for (default: the caller's reach), known and within reach, or 404 / 403 naming `scope`. */
  const scopeAsked = (req: FastifyRequest, asked: string | undefined): string => reportScopeOf(ctx, req, asked);
  const scopeOf = (req: FastifyRequest, q: KpiQuery): string => scopeAsked(req, q.scope);

  const compute = async <B extends ReportBy>(req: FastifyRequest, q: KpiQuery, bys: readonly B[]) => computeFor(scopeOf(req, q), q, bys);
  /** The reports of a scope already checked (a caller's, or the monthly run's own). */
  const computeFor = async <B extends ReportBy>(scope: string, q: KpiQuery, bys: readonly B[]) => {
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

  /**
   * The print page of a month, printed by Chromium: with the caller's session (the page reads the JSON as they
   * would), or, for the monthly run, with no session at all and the page's API calls answered in this process.
   */
  const printMonthly = async (req: FastifyRequest, scope: { id: string; name: string }, month: string): Promise<Buffer> =>
    printMonth(req.server.server.address(), scope, month, { cookies: [{ name: SESSION_COOKIE, value: req.cookies[SESSION_COOKIE] ?? '' }] });
  const printMonth = async (
    address: ReturnType<FastifyInstance['server']['address']>, scope: { id: string; name: string }, month: string,
    access: Pick<PrintJob, 'cookies' | 'serve'>,
  ): Promise<Buffer> => {
    const missing = missingChromium();
    if (missing !== null) throw pdfUnavailable(missing);
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
        ...access,
        readySelector: '[data-print-ready]',
        headerTemplate: `<div style="${small}"><span>末梢 · 考核月报</span><span>${period}</span></div>`,
        footerTemplate: `<div style="${small}"><span>${period}</span><span>第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页</span></div>`,
      });
    } catch (err) {
      throw err instanceof ChromiumMissing ? pdfUnavailable(err.message) : err;
    }
  };

  /**
   * What the print page reads, answered for the monthly run inside this process: GET /api/reports/kpi and
   * GET /api/reports/monthly for the job's scope or a scope inside it, checked as the routes check them. No session or
   * token is made, so there is nothing an outsider could replay; these requests never leave Chromium. Anything else
   * (the map's outlines) goes to the server with no session: only what anyone may read.
   */
  const serveFor = (jobScope: string) => async (url: URL, method: string): Promise<{ status: number; body: string } | null> => {
    const kpi = url.pathname === '/api/reports/kpi';
    const monthly = url.pathname === '/api/reports/monthly' && printData.monthly;
    if (method !== 'GET' || (!kpi && !monthly)) return null;
    const p = url.searchParams;
    const by = p.get('by') ?? 'village';
    const scope = p.get('scope') ?? jobScope;
    const refuse = (status: number, error: string, message: string) => ({ status, body: JSON.stringify({ error, message }) });
    if (kpi && !REPORT_GROUPINGS.includes(by as ReportBy)) return refuse(400, 'invalid_query', `Query "by" must be one of ${REPORT_GROUPINGS.join(', ')}.`);
    if (!contains(jobScope, scope)) return refuse(403, 'out_of_scope', `The monthly run of ${jobScope} reads nothing outside it.`);
    try {
      if (monthly) return { status: 200, body: JSON.stringify(await monthly(knownScope(scope), p.get('month') ?? '')) };
      const q = { scope: knownScope(scope), from: p.get('from') ?? '', to: p.get('to') ?? '' };
      return { status: 200, body: JSON.stringify((await computeFor(q.scope, q, [by as ReportBy]))[by as ReportBy]) };
    } catch (err) {
      if (err instanceof DomainError) return refuse(err.status, err.code, err.message);
      throw err;
    }
  };

  /** One kept file of the monthly run: the month's workbook, or its print (the server must be listening). */
  const makeFile = async (key: { scope: string; month: string; format: ReportFileFormat }, address: ReturnType<FastifyInstance['server']['address']>): Promise<Buffer> => {
    const bounds = monthBounds(key.month);
    if (!bounds) throw new Error(`not a month: ${key.month}`);
    const all = await computeFor(knownScope(key.scope), { scope: key.scope, ...bounds }, REPORT_GROUPINGS);
    if (key.format === 'xlsx') return workbookInThread(all);
    return printMonth(address, all.town.scope, key.month, { cookies: [], serve: serveFor(key.scope) });
  };
  const scopeName = (scope: string) => (scope === DISTRICT_CODE ? ctx.live.summary(scope).scope.name : dir.names.get(scope) ?? scope);

  const readGuard = authorizer.guard('reports:read');
  // A HEAD request (Fastify answers one for every GET route) downloads nothing and is not audited as a download.
  const downloaded = (req: FastifyRequest, action: 'report.download' | 'tickets.download', target: string, detail: Record<string, unknown>) => {
    if (req.method === 'GET') audit.record(authorizer.principalOf(req)!, action, target, detail, req.ip);
  };

  const plugin = async (fastify: FastifyInstance) => {
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
      const body = await workbookInThread(all);
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

    app.get('/api/reports/files', {
      ...readGuard, schema: { querystring: ReportFilesQuerySchema, response: { 200: ReportFilesSchema, ...ErrorResponses } },
    }, async (req) => {
      const scope = scopeAsked(req, req.query.scope);
      const kept = files ? await files.list(scope) : [];
      return {
        items: kept.map((f) => ({
          scope: f.scope, scopeName: scopeName(f.scope), month: f.month, format: f.format, bytes: f.bytes,
          createdAt: new Date(f.createdAt).toISOString(), url: `/api/reports/files/${f.scope}/${f.month}.${f.format}`,
        })),
      };
    });

    app.get('/api/reports/files/:scope/:file', {
      ...readGuard, schema: { params: ReportFileParamsSchema, response: { 200: fileBody('a kept monthly file, .xlsx or PDF bytes'), ...ErrorResponses } },
    }, async (req, reply) => {
      const scope = scopeAsked(req, req.params.scope);
      const [month, format] = req.params.file.split('.') as [string, ReportFileFormat];
      const path = files?.pathOf({ scope, month, format }) ?? null;
      const size = path === null ? null : await stat(path).then((s) => (s.isFile() ? s.size : null), () => null);
      if (path === null || size === null) {
        throw new DomainError(404, 'file_not_found', `No kept ${format} of ${scope} for ${month}: the monthly run makes the district's and each town's; GET /api/reports/files lists them.`, 'file');
      }
      const name = scopeName(scope);
      downloaded(req, 'report.download', `scope:${scope}`, { format, month, kept: true });
      return reply
        .type(format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-length', size)
        .header('content-disposition', attachment(`moshao-monthly-${scope}-${month}.${format}`, `${format === 'pdf' ? '考核月报' : '考核报表'}-${name}-${month}.${format}`))
        .send(createReadStream(path));
    });
  };
  /** The monthly run's maker: one kept file's bytes, printed through this server's address. */
  return Object.assign(plugin, { makeFile });
}
