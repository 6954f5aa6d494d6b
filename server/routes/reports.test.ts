import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DISTRICT_CODE } from '../../shared/constants.js';
import { REPORT_GROUPINGS, WEIGHTED_INDICATORS, type KpiReport, type ReportRow } from '../../shared/schemas/report.js';
import { TICKET_COLUMNS } from '../domain/reports/csv.js';
import { isoShanghai } from '../domain/reports/period.js';
import { displayWidth, INDICATOR_NAMES, OVERVIEW_SHEET, RANKING_SHEET, ROW_COLUMNS, SHEET_OF } from '../domain/reports/workbook.js';
import { auth, loginAs, OTHER_TOWN, TEST_TOWN, testApp, type TestRole } from '../test/app.js';

/** The demo stands on a summer noon: the first half of 2023 has happened, the rest of the timeline waits. */
const CLOCK = Date.parse('2023-07-01T12:00:00+08:00');
const YEAR = 'from=2023-01-01&to=2024-01-01';
const PHONE = '13912345678';

let app: FastifyInstance;
let injected: number;
let maskedId: number;

const get = async (url: string, role?: TestRole) =>
  app.inject({ method: 'GET', url, headers: role ? await loginAs(app, role) : {} });
const kpi = async (query: string, role: TestRole = 'admin'): Promise<KpiReport> => {
  const res = await get(`/api/reports/kpi?${query}`, role);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

beforeAll(async () => {
  app = await testApp({ replayFrom: { at: CLOCK, always: true } });
  const cell = (town: string) => (app.moshao.db.prepare('SELECT id FROM grid_cells WHERE id LIKE ? ORDER BY id LIMIT 1').get(`${town}%`) as { id: string }).id;
  const file = async (gridId: string, text: { title: string; description: string; address: string }) => {
    const res = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth, payload: {
      category: 'lamp', channel: 'mini_program', reporterRole: 'resident', gridId, ...text,
    } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as number;
  };
  injected = await file(cell(TEST_TOWN), { title: '=HYPERLINK("http://evil.example","点我")', description: '+1 请处理', address: '@SUM(A1),"3幢"' });
  maskedId = await file(cell(TEST_TOWN), { title: '路灯不亮', description: `王小明 电话 ${PHONE}`, address: `3幢 ${PHONE}` });
}, 120_000);
afterAll(() => app.close());

/** Every row of GET /api/tickets with these filters, page by page, as this role reads them. */
async function allPages(query: string, role: TestRole): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/api/tickets?${query}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, role);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: Record<string, unknown>[]; nextCursor: string | null };
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function csvOf(body: string): Record<string, string>[] {
  return parse(body, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

const local = (t: unknown) => (t === null || t === undefined ? '' : isoShanghai(t as number).slice(0, 19).replace('T', ' '));

describe('indicators against the wall', () => {
  it('the whole year so far equals the wall\'s KPIs where both count the same thing, for the district and each town', async () => {
    app.moshao.service.tick();
    const report = await kpi(`${YEAR}&by=town`);
    expect(report.asOf).toBe(isoShanghai(CLOCK));
    const check = (row: ReportRow, scope: string) => {
      const s = app.moshao.live.summary(scope);
      expect(row.filed).toBe(s.tickets.total);
      expect(row.counts.acceptedOnTime).toBe(s.kpi.respondedInTime);
      expect(row.counts.closed).toBe(s.kpi.closed);
      expect(row.counts.closedOnTime).toBe(s.kpi.closedOnTime);
      expect(row.closedOnTimeRate).toBe(s.kpi.onTimeRate);
      expect(row.counts.ratings).toBe(s.kpi.evaluated);
      expect(row.satisfactionRate).toBe(s.kpi.satisfactionRate);
      expect(row.counts.openOverdue).toBe(s.tickets.overdue);
    };
    expect(report.totals.filed).toBeGreaterThan(100);
    check(report.totals, DISTRICT_CODE);
    expect(report.rows.length).toBeGreaterThan(1);
    for (const row of report.rows) check(row, row.id);
  });

  it('a month adds up: its towns\' figures sum to the district\'s, and a month is part of the year', async () => {
    const june = await kpi('from=2023-06-01&to=2023-07-01&by=town');
    const sum = (k: 'filed' | 'overdue') => june.rows.reduce((n, r) => n + r[k], 0);
    expect(sum('filed')).toBe(june.totals.filed);
    expect(sum('overdue')).toBe(june.totals.overdue);
    expect(june.totals.filed).toBeLessThan((await kpi(`${YEAR}&by=town`)).totals.filed);
    expect(june.weights).toEqual((await app.inject({ method: 'GET', url: '/api/reports/weights', headers: await loginAs(app, 'admin') })).json());
    expect(june.red.length + june.black.length).toBeGreaterThan(0);
    for (const id of [...june.red, ...june.black]) expect(june.rows.find((r) => r.id === id)!.filed).toBeGreaterThanOrEqual(june.minFiledToRank);
  });

  it('lists every village of a town, by unit its units, and refuses what makes no sense', async () => {
    const villages = await kpi(`scope=${TEST_TOWN}&${YEAR}&by=village`);
    expect(villages.rows.length).toBeGreaterThan(1);
    expect(villages.rows.every((r) => r.id.startsWith(TEST_TOWN))).toBe(true);
    const units = await kpi(`scope=${TEST_TOWN}&${YEAR}&by=unit`);
    expect(units.rows.some((r) => r.id.endsWith('党(工)委'))).toBe(true);

    const bad = async (query: string, status: number, field: string) => {
      const res = await get(`/api/reports/kpi?${query}`, 'admin');
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().field).toBe(field);
    };
    await bad('from=2023-13-01&to=2024-01-01', 400, 'from');
    await bad('from=2023-06-01&to=2023-06-01T00:00', 400, 'to');
    await bad('from=2023-06-01&to=2023-05-01', 400, 'to');
    await bad('to=2023-05-01', 400, 'from');
    await bad('from=2023-06-01&to=2023-07-01&by=street', 400, 'by');
    await bad('scope=321171999&from=2023-06-01&to=2023-07-01', 404, 'scope');
    const future = await get('/api/reports/kpi?from=2023-07-02&to=2023-08-01', 'admin');
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ error: 'period_in_future', field: 'from' });
    expect(future.json().message).toContain('2023-07-01T12:00:00+08:00');
    // A date-time with its zone is a bound as good as a date.
    expect((await kpi('from=2023-06-01T00:00:00%2B08:00&to=2023-06-30T16:00:00Z&by=town')).totals).toEqual((await kpi('from=2023-06-01&to=2023-07-01&by=town')).totals);
  });
});

describe('who reads what', () => {
  const urls = [`/api/reports/kpi?${YEAR}`, `/api/reports/kpi.xlsx?${YEAR}`, '/api/tickets.csv', '/api/reports/weights'];

  it('accounts only: 401 without a login, 403 for an intake token', async () => {
    for (const url of urls) {
      expect((await get(url)).statusCode, url).toBe(401);
      expect((await app.inject({ method: 'GET', url, headers: auth })).statusCode, url).toBe(403);
    }
  });

  it('a town supervisor reads its town and below, never the district or another town', async () => {
    const own = await kpi(`${YEAR}&by=village`, 'town');
    expect(own.scope.id).toBe(TEST_TOWN);
    expect(own.rows.every((r) => r.id.startsWith(TEST_TOWN))).toBe(true);
    const village = own.rows[0].id;
    expect((await get(`/api/reports/kpi?scope=${village}&${YEAR}`, 'town')).statusCode).toBe(200);
    for (const scope of [DISTRICT_CODE, OTHER_TOWN]) {
      for (const path of ['kpi', 'kpi.xlsx']) {
        const res = await get(`/api/reports/${path}?scope=${scope}&${YEAR}`, 'town');
        expect(res.statusCode, `${path} ${scope}`).toBe(403);
        expect(res.json().error).toBe('out_of_scope');
      }
    }
  });

  it('viewers download both files, and every download is in the audit log', async () => {
    expect((await get(`/api/reports/kpi.xlsx?${YEAR}`, 'viewer')).statusCode).toBe(200);
    expect((await get('/api/tickets.csv?status=closed', 'viewer')).statusCode).toBe(200);
    const audit = async (action: string) => (await get(`/api/audit?action=${action}&limit=200`, 'admin')).json().items as { actorName: string; detail: Record<string, unknown> }[];
    expect((await audit('report.download')).some((e) => e.actorName === 'viewer' && e.detail.format === 'xlsx')).toBe(true);
    expect((await audit('tickets.download')).some((e) => e.actorName === 'viewer' && (e.detail.filters as { status?: string }).status === 'closed')).toBe(true);
  });

  it('weights: the admin changes them with the CSRF header, every report shows them, nobody else may', async () => {
    const admin = await loginAs(app, 'admin');
    const before = (await app.inject({ method: 'GET', url: '/api/reports/weights', headers: admin })).json();
    const next = { acceptedOnTimeRate: 0, closedOnTimeRate: 100, satisfactionRate: 0, returnRate: 0, reworkRate: 0 };
    const put = (headers: Record<string, string>, payload: object) => app.inject({ method: 'PUT', url: '/api/reports/weights', headers, payload });
    expect((await put({ cookie: admin.cookie }, next)).statusCode).toBe(403);
    expect((await put(await loginAs(app, 'district'), next)).statusCode).toBe(403);
    expect((await put(admin, { ...next, closedOnTimeRate: 0 })).statusCode).toBe(400);
    const over = await put(admin, { ...next, returnRate: 101 });
    expect(over.statusCode).toBe(400);
    expect(over.json().field).toBe('returnRate');
    const ok = await put(admin, next);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual(next);
    const report = await kpi(`${YEAR}&by=town`);
    expect(report.weights).toEqual(next);
    expect(report.totals.score).toBe(Math.round(report.totals.closedOnTimeRate! * 1000) / 10);
    expect((await get('/api/audit?action=report.weights', 'admin')).json().items[0].detail).toEqual({ before, after: next });
    expect((await put(admin, before)).statusCode).toBe(200);
  });
});

describe('the workbook', () => {
  it('holds, cell by cell, what the JSON says, with formats, frozen headers and an A4 landscape page', async () => {
    const res = await get(`/api/reports/kpi.xlsx?scope=${TEST_TOWN}&from=2023-01-01&to=2023-07-01`, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="moshao-report-321171001-2023-01-01-2023-07-01\.xlsx"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toBe('考核报表-丁卯街道-2023-01-01至2023-07-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([OVERVIEW_SHEET, SHEET_OF.town, SHEET_OF.village, SHEET_OF.unit, RANKING_SHEET]);

    const json: Record<string, KpiReport> = {};
    for (const by of REPORT_GROUPINGS) json[by] = await kpi(`scope=${TEST_TOWN}&from=2023-01-01&to=2023-07-01&by=${by}`);
    const value = (v: ExcelJS.CellValue) => (v === undefined ? null : v);

    for (const ws of wb.worksheets) {
      expect(String(ws.getCell(1, 1).value)).toContain('丁卯街道');
      expect(String(ws.getCell(1, 1).value)).toContain('2023-01-01 00:00 至 2023-07-01 00:00');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1 });
    }
    for (const by of REPORT_GROUPINGS) {
      const ws = wb.getWorksheet(SHEET_OF[by])!;
      const r = json[by];
      expect(ROW_COLUMNS.map((_, j) => ws.getCell(2, j + 1).value)).toEqual(ROW_COLUMNS.map((c) => c.header));
      const rows = [...r.rows, { ...r.totals, id: '合计', name: r.scope.name }];
      rows.forEach((row, i) => ROW_COLUMNS.forEach((c, j) => {
        const cell = ws.getCell(3 + i, j + 1);
        expect(value(cell.value), `${by} ${row.id} ${c.field}`).toEqual(row[c.field]);
        if (c.numFmt) expect(cell.numFmt).toBe(c.numFmt);
      }));
      expect(ws.getCell(3 + rows.length, 1).value ?? null).toBeNull();
      ROW_COLUMNS.forEach((c, j) => {
        const widest = Math.max(displayWidth(c.header), ...rows.map((row) => displayWidth(String(row[c.field] ?? ''))));
        expect(ws.getColumn(j + 1).width).toBeGreaterThanOrEqual(Math.min(60, widest));
      });
    }
    const overview = wb.getWorksheet(OVERVIEW_SHEET)!;
    const byLabel = new Map<string, ExcelJS.Cell>();
    overview.eachRow((row, n) => { if (n > 2) byLabel.set(String(row.getCell(1).value), row.getCell(2)); });
    const t = json.town.totals;
    expect(byLabel.get('受理量')!.value).toBe(t.filed);
    expect(value(byLabel.get('按期办结率')!.value)).toBe(t.closedOnTimeRate);
    expect(byLabel.get('按期办结率')!.numFmt).toBe('0.0%');
    expect(value(byLabel.get('综合得分')!.value)).toBe(t.score);
    expect(byLabel.get('红黑榜排名门槛（受理量）')!.value).toBe(json.town.minFiledToRank);
    for (const k of WEIGHTED_INDICATORS) expect(byLabel.get(`权重：${INDICATOR_NAMES[k]}`)!.value).toBe(json.town.weights[k]);

    const ranking = wb.getWorksheet(RANKING_SHEET)!;
    const listed: string[][] = [];
    ranking.eachRow((row, n) => { if (n > 2) listed.push([String(row.getCell(1).value), String(row.getCell(2).value), String(row.getCell(4).value)]); });
    const expected = REPORT_GROUPINGS.flatMap((by) => [
      ...json[by].red.map((id) => [SHEET_OF[by], '红榜', id]), ...json[by].black.map((id) => [SHEET_OF[by], '黑榜', id]),
    ]);
    expect(listed).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });
});

describe('the ticket list as CSV', () => {
  it('is UTF-8 with a BOM, CRLF, Chinese headers in a stable order, and an attachment name in RFC 5987 form', async () => {
    const res = await get('/api/tickets.csv?status=closed', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="moshao-tickets-2023-07-01\.csv"; filename\*=UTF-8''%E4%BA%8B/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body.slice(1).split('\r\n')[0]).toBe(TICKET_COLUMNS.map((c) => c.header).join(','));
    expect(res.body.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
  });

  it('holds every ticket GET /api/tickets pages through, in the same order, as the caller reads them', async () => {
    for (const [role, query] of [['admin', 'scope=' + TEST_TOWN], ['town', 'status=closed'], ['town', 'tier=2&open=false'], ['viewer', 'from=2023-06-01T00:00:00%2B08:00']] as const) {
      const pages = await allPages(query, role);
      expect(pages.length, `${role} ${query}`).toBeGreaterThan(0);
      const rows = csvOf((await get(`/api/tickets.csv?${query}`, role)).body);
      expect(rows.map((r) => Number(r['编号']))).toEqual(pages.map((t) => t.id));
      rows.forEach((row, i) => {
        const t = pages[i];
        expect(row['承办单位']).toBe(t.handlingUnit);
        expect(row['网格']).toBe(t.gridId);
        expect(row['层级']).toBe(String(t.tier));
        expect(row['上报时间']).toBe(local(t.reportedAt));
        expect(row['结案时间']).toBe(local(t.closedAt));
        expect(row['经度']).toBe(String(t.lng));
        // Full inside the caller's reach, public outside it: exactly what the list gave.
        expect(row['标题']).toBe('title' in t ? String(t.title).replace(/^([=+\-@\t\r])/, "'$1") : '');
        expect(row['渠道']).toBe('channel' in t ? t.channel : '');
      });
    }
  });

  it('gives a town supervisor other towns\' tickets as public rows only, and its own masked as on the drill pages', async () => {
    const csv = (await get('/api/tickets.csv', 'town')).body;
    const rows = csvOf(csv);
    const outside = rows.filter((r) => !r['网格'].startsWith(TEST_TOWN));
    expect(outside.length).toBeGreaterThan(0);
    for (const r of outside) for (const k of ['标题', '描述', '地址', '渠道', '上报人身份', '评价']) expect(r[k]).toBe('');
    const mine = rows.find((r) => Number(r['编号']) === maskedId)!;
    const drill = (await get(`/api/drill/tickets/${maskedId}`, 'town')).json().ticket;
    expect([mine['标题'], mine['描述'], mine['地址']]).toEqual([drill.title, drill.description, drill.address]);
    // The reports themselves carry counts and names of places and units only, never what a resident wrote.
    for (const by of ['town', 'village', 'unit']) expect((await get(`/api/reports/kpi?${YEAR}&by=${by}`, 'admin')).body).not.toMatch(/王小明|13912345678|HYPERLINK/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(`/api/reports/kpi.xlsx?${YEAR}`, 'admin')).rawPayload as unknown as ArrayBuffer);
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => expect(String(cell.value)).not.toMatch(/王小明|13912345678|HYPERLINK/))));
    const other = (await get('/api/tickets.csv', 'other-town')).body;
    expect(csvOf(other).find((r) => Number(r['编号']) === maskedId)!['描述']).toBe('');
    expect(other).not.toContain(PHONE);
  });

  it('neutralises formulas: a cell starting with = + - @ is prefixed with \'', async () => {
    const row = csvOf((await get(`/api/tickets.csv?scope=${TEST_TOWN}`, 'admin')).body).find((r) => Number(r['编号']) === injected)!;
    expect(row['标题']).toBe('\'=HYPERLINK("http://evil.example","点我")');
    expect(row['描述']).toBe("'+1 请处理");
    expect(row['地址']).toBe('\'@SUM(A1),"3幢"');
  });
});

describe('the paged stream', () => {
  it('reads a page only when the client has taken the previous one (backpressure), and ends after the last', async () => {
    const { pagedStream, CSV_PAGE_TICKETS } = await import('./reports.js');
    const total = CSV_PAGE_TICKETS * 4 + 7;
    let reads = 0;
    const page = (beforeId: number | undefined) => {
      reads += 1;
      const top = beforeId ?? total + 1;
      const items = Array.from({ length: Math.min(CSV_PAGE_TICKETS, top - 1) }, (_, i) => ({ id: top - 1 - i }) as never);
      return { items, nextCursor: top - 1 > CSV_PAGE_TICKETS ? top - CSV_PAGE_TICKETS : null };
    };
    const stream = pagedStream('head\n', page, (t: { id: number }) => `${t.id},${'x'.repeat(100)}\n`);
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    await it.next();
    // Two chunks taken: the header and one page; a page is bigger than the stream's buffer, so at most one more is read.
    expect(reads).toBeLessThanOrEqual(2);
    let lines = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) lines += String(r.value).split('\n').length - 1;
    expect(lines + CSV_PAGE_TICKETS).toBe(total);
    expect(reads).toBe(5);
  });
});
