import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KpiReport } from '../../shared/schemas/report.js';
import type { MonthlyBreakdown } from '../../shared/schemas/report-monthly.js';
import { formatRate } from '../../client/format.js';
import { TIER_TITLES } from '../../client/print/Breakdown.js';
import { loginAs, TEST_TOWN, testApp } from '../../server/test/app.js';
import { ensureClientBuilt } from './build-client.js';
import { describeInChromium } from './guard.js';
import { REPO_ROOT } from './harness.js';

/** The demo stands on a summer noon: June 2023 has happened. */
const CLOCK = Date.parse('2023-07-01T12:00:00+08:00');

/** Every page's text of a PDF, one string per page (items joined, white space dropped: where a cell ends is layout, not text). */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({ data: bytes, useSystemFonts: false });
  const doc = await task.promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join('').replace(/\s+/g, ''));
  }
  await task.destroy();
  return pages;
}

describeInChromium('the monthly report as PDF', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  beforeAll(async () => {
    app = await testApp({ replayFrom: { at: CLOCK, always: true }, clientDir: ensureClientBuilt(REPO_ROOT) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (!address || typeof address === 'string') throw new Error('no TCP port');
    baseUrl = `http://127.0.0.1:${address.port}`;
  }, 240_000);
  afterAll(() => app?.close());

  const get = async (path: string, role: 'town' | 'admin') => fetch(`${baseUrl}${path}`, { headers: { cookie: (await loginAs(app, role)).cookie } });

  it('prints a town\'s month with its names and figures equal to the JSON, page numbers and the period on every page', async () => {
    const res = await get(`/api/reports/monthly.pdf?scope=${TEST_TOWN}&month=2023-06`, 'town');
    expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`moshao-monthly-${TEST_TOWN}-2023-06.pdf`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const pages = await pdfText(bytes);
    const all = pages.join('\n');

    const json = (await (await get(`/api/reports/kpi?scope=${TEST_TOWN}&from=2023-06-01&to=2023-07-01&by=village`, 'town')).json()) as KpiReport;
    expect(json.totals.filed).toBeGreaterThan(0);
    expect(all).toContain(`${json.scope.name}考核月报`);
    expect(all).toContain('2023-06-01至2023-07-01');
    expect(all).toContain(`受理量${json.totals.filed}`);
    expect(all).toContain(`按期办结率${formatRate(json.totals.closedOnTimeRate)}`);
    expect(all).toContain(`满意率${formatRate(json.totals.satisfactionRate)}`);
    for (const row of json.rows) {
      // A table row reads: id, name, filed, then the rates.
      expect(all).toContain(`${row.id}${row.name}${row.filed}${formatRate(row.acceptedOnTimeRate)}`);
    }
    // The month's breakdown, with figures from GET /api/reports/monthly: the busiest category and day, the tiers, the
    // children most overdue.
    const more = (await (await get(`/api/reports/monthly?scope=${TEST_TOWN}&month=2023-06`, 'town')).json()) as MonthlyBreakdown;
    for (const title of ['每日受理与办结', '类别分布', '分级处置', '超期分布·按村（社区）']) expect(all).toContain(title);
    const top = more.categories[0];
    expect(top.filed).toBeGreaterThan(0);
    expect(all).toContain(`受理最多的类别：${top.name}${top.filed}件`);
    const busiest = more.daily.reduce((a, b) => (b.filed > a.filed ? b : a));
    expect(all).toContain(`受理最多的一天：${busiest.day}，${busiest.filed}件`);
    for (const t of more.tiers) expect(all).toContain(`${TIER_TITLES[t.tier]}${t.filed}件`);
    expect(all).toContain(`升级处置${more.escalated}件`);
    const worst = [...more.children].sort((a, b) => b.overdue - a.overdue || a.id.localeCompare(b.id))[0];
    expect(all).toContain(worst.overdue > 0 ? `超期最多1.${worst.name}${worst.overdue}件` : '本月无超期');
    // Every page has the period in its header and footer and its number.
    pages.forEach((text, i) => {
      expect(text).toContain(`${json.scope.name}·2023-06`);
      expect(text).toContain(`第${i + 1}/${pages.length}页`);
    });
    // Audited as a download, like the workbook.
    const audit = app.moshao.db.prepare("SELECT detail FROM audit_log WHERE action = 'report.download' ORDER BY id DESC LIMIT 1").get() as { detail: string } | undefined;
    expect(audit?.detail).toContain('"format":"pdf"');
  }, 120_000);

  it('runs the district over several pages, each numbered and carrying the period, every town\'s row in it', async () => {
    const res = await get('/api/reports/monthly.pdf?month=2023-06', 'admin');
    expect(res.status).toBe(200);
    const pages = await pdfText(new Uint8Array(await res.arrayBuffer()));
    const json = (await (await get('/api/reports/kpi?from=2023-06-01&to=2023-07-01&by=town', 'admin')).json()) as KpiReport;
    // The page is not clipped to one screen: the village table alone needs more than a page.
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, i) => {
      expect(text).toContain(`${json.scope.name}·2023-06`);
      expect(text).toContain(`第${i + 1}/${pages.length}页`);
    });
    const all = pages.join('');
    for (const row of json.rows) expect(all).toContain(`${row.id}${row.name}${row.filed}`);
    expect(all).toContain(`受理量${json.totals.filed}`);
  }, 120_000);

  it('answers a refusal as JSON before printing: a town supervisor asking for the district', async () => {
    const res = await get('/api/reports/monthly.pdf?scope=321171&month=2023-06', 'town');
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'out_of_scope' });
  });
});
