import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../shared/constants.js';
import { isoShanghai } from '../domain/open311.js';
import { loginAs, rowCounts, TEST_TOKEN, testApp } from '../test/app.js';
import {
  asXmlText, DiscoverySchema, FiledSchema, open311ErrorProblem, readXml, ServiceDefinitionSchema, ServiceRequestsSchema, ServicesSchema, violations,
} from '../test/open311.js';

/** Open311 GeoReport v2 over HTTP: every document in JSON and XML, filing, the refusals, and what stays private. */

let app: FastifyInstance;
const base = '/open311/v2';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
/** A resident's words: they may be stored, never served on a GET. */
const SECRET = '开发区测验：王小明家门口水管爆裂，电话13912345678';

beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app.close();
});

/** GETs a document in both formats, checks the JSON against its schema and the XML (parsed) against the JSON. */
async function both(path: string, root: string, schema: TSchema): Promise<unknown> {
  const json = await app.inject({ url: `${base}/${path.replace('{f}', 'json')}` });
  expect(json.statusCode, json.body).toBe(200);
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  const value = json.json() as unknown;
  expect(violations(schema, value), json.body.slice(0, 300)).toEqual([]);
  const xml = await app.inject({ url: `${base}/${path.replace('{f}', 'xml')}` });
  expect(xml.statusCode, xml.body).toBe(200);
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  const read = readXml(xml.body);
  expect(read.root).toBe(root);
  expect(read.value).toEqual(asXmlText(value));
  return value;
}

async function file(fields: Record<string, string>, format: 'json' | 'xml' = 'json', headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: `${base}/requests.${format}`, headers: { ...FORM, ...headers }, payload: form({ api_key: TEST_TOKEN, ...fields }) });
}

/** Checks a refusal: its status, the Open311 error list in the format asked for, and the words of its description. */
function expectError(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, words: RegExp, format: 'json' | 'xml' = 'json'): void {
  expect(res.statusCode, res.body).toBe(status);
  const type = res.headers['content-type'] as string;
  expect(type).toBe(format === 'xml' ? 'text/xml; charset=utf-8' : 'application/json; charset=utf-8');
  expect(open311ErrorProblem(status, type, res.body)).toBeNull();
  const [error] = (format === 'xml' ? readXml(res.body).value : JSON.parse(res.body)) as { description: string }[];
  expect(error.description).toMatch(words);
}

describe('discovery and services', () => {
  it('describes the endpoint and its two formats', async () => {
    const d = (await both('discovery.{f}', 'discovery', DiscoverySchema)) as { endpoints: { url: string }[] };
    expect(d.endpoints[0].url).toBe('http://localhost:80/open311/v2');
  });

  it('lists the category catalogue: code, Chinese name, the tier as group, realtime', async () => {
    const services = (await both('services.{f}', 'services', ServicesSchema)) as { service_code: string; service_name: string; group: string }[];
    const categories = (await app.inject({ url: '/api/categories' })).json() as { code: string; name: string; tier: number }[];
    expect(services.map((s) => s.service_code)).toEqual(categories.map((c) => c.code));
    expect(services.find((s) => s.service_code === 'water_pipe')).toMatchObject({ service_name: '供水管网', group: '三级：村（社区）办理' });
    expect(services.find((s) => s.service_code === 'flood_emergency')?.group).toBe('一级：区级部门统筹');
    expect((await app.inject({ url: `${base}/services.json?jurisdiction_id=321171` })).statusCode).toBe(200);
  });

  it('defines each service: the urgent attribute', async () => {
    const def = (await both('services/water_pipe.{f}', 'service_definition', ServiceDefinitionSchema)) as { attributes: { code: string }[] };
    expect(def.attributes.map((a) => a.code)).toEqual(['urgent']);
    expectError(await app.inject({ url: `${base}/services/nope.json` }), 404, /No service "nope"/);
    expectError(await app.inject({ url: `${base}/services/nope.xml` }), 404, /No service "nope"/, 'xml');
  });
});

describe('filing a service request', () => {
  it('files a form-encoded request at a point and reads it back, public only, in both formats', async () => {
    const before = rowCounts(app);
    const cell = app.moshao.db.prepare('SELECT id, centroid_lng AS lng, centroid_lat AS lat FROM grid_cells ORDER BY id LIMIT 1').get() as { id: string; lng: number; lat: number };
    const res = await file({ service_code: 'water_pipe', lat: String(cell.lat), long: String(cell.lng), description: `${SECRET}\n第二行`, address_string: '某小区3幢' }, 'xml');
    expect(res.statusCode, res.body).toBe(201);
    const filed = readXml(res.body);
    expect(filed.root).toBe('service_requests');
    const [{ service_request_id: id }] = filed.value as { service_request_id: string }[];
    expect(violations(FiledSchema, (filed.value as object[]).map((r) => ({ ...r, account_id: null })))).toEqual([]);
    expect(rowCounts(app)).toEqual({ ...before, tickets: before.tickets + 1, events: before.events + 1 });

    const stored = app.moshao.service.getTicket(Number(id))!.ticket;
    expect(stored).toMatchObject({ gridId: cell.id, category: 'water_pipe', title: SECRET, description: `${SECRET}\n第二行`, address: '某小区3幢', channel: 'resident', urgent: false });
    const [request] = (await both(`requests/${id}.{f}`, 'service_requests', ServiceRequestsSchema)) as Record<string, unknown>[];
    expect(request).toMatchObject({
      service_request_id: id, status: 'open', status_notes: '已上报，待受理', service_code: 'water_pipe', service_name: '供水管网',
      agency_responsible: stored.handlingUnit, address_id: stored.gridId,
      requested_datetime: isoShanghai(stored.reportedAt), expected_datetime: isoShanghai(stored.closeDueAt),
    });
    expect(request.address).toMatch(/街道|镇/);
    const served = JSON.stringify(await app.inject({ url: `${base}/requests.json?service_request_id=${id}` }).then((r) => r.json()));
    for (const text of ['王小明', '13912345678', '某小区', '第二行']) expect(served).not.toContain(text);
  });

  it('places an address_string by the community it names, takes JSON, the urgent attribute and jurisdiction 321171', async () => {
    const village = app.moshao.db.prepare("SELECT code, name FROM villages WHERE name LIKE '%居委会' ORDER BY code LIMIT 1").get() as { code: string; name: string };
    const short = village.name.replace(/居委会$/, '');
    const res = await app.inject({
      method: 'POST', url: `${base}/requests.json?jurisdiction_id=321171`,
      payload: { api_key: TEST_TOKEN, service_code: 'road', address_string: `${short}社区东门口`, 'attribute[urgent]': 'true' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(violations(FiledSchema, res.json())).toEqual([]);
    const t = app.moshao.service.getTicket(Number(res.json()[0].service_request_id))!.ticket;
    expect(t.gridId.startsWith(village.code)).toBe(true);
    expect(t).toMatchObject({ urgent: true, title: '道路设施', address: `${short}社区东门口` });
    // A grid cell id is the most exact address there is.
    const byId = await file({ service_code: 'road', address_string: `网格 ${t.gridId} 路口` });
    expect(byId.statusCode, byId.body).toBe(201);
    expect(app.moshao.service.getTicket(Number(byId.json()[0].service_request_id))!.ticket.gridId).toBe(t.gridId);
  });

  it('answers a retry with the same Idempotency-Key with the first request, once', async () => {
    const before = rowCounts(app);
    const fields = { service_code: 'lamp', address_string: '321171001001-01' };
    const first = await file(fields, 'json', { 'idempotency-key': 'open311-retry-1' });
    const again = await file(fields, 'json', { 'idempotency-key': 'open311-retry-1' });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json()[0].service_request_id).toBe(first.json()[0].service_request_id);
    expect(rowCounts(app).tickets).toBe(before.tickets + 1);
  });

  it.each([
    ['no api_key', { service_code: 'road', lat: '32.2', long: '119.5' }, false, 403, /api_key/],
    ['a wrong api_key', { api_key: 'not-a-token-at-all-xxxx', service_code: 'road', lat: '32.2', long: '119.5' }, false, 403, /not a valid intake token/],
    ['another jurisdiction', { service_code: 'road', lat: '32.2', long: '119.5', jurisdiction_id: 'baltimore' }, true, 404, /jurisdiction_id "baltimore"/],
    ['no service_code', { lat: '32.2', long: '119.5' }, true, 400, /service_code/],
    ['an unknown service_code', { service_code: 'potholes', lat: '32.2', long: '119.5' }, true, 400, /Unknown service_code "potholes"/],
    ['no place', { service_code: 'road', description: '路灯坏了' }, true, 400, /"lat" and "long".*address_string/],
    ['lat without long', { service_code: 'road', lat: '32.2' }, true, 400, /together/],
    ['a latitude of 91', { service_code: 'road', lat: '91', long: '119.5' }, true, 400, /"lat" must be a number/],
    ['a point outside the district', { service_code: 'road', lat: '39.9', long: '116.4' }, true, 400, /outside 镇江经开区/],
    ['an address we cannot place', { service_code: 'road', address_string: '北京市东城区' }, true, 400, /names no community or village/],
    ['a street alone', { service_code: 'road', address_string: '丁卯街道' }, true, 400, /names no community or village/],
    ['urgent as yes', { service_code: 'road', lat: '32.2', long: '119.5', 'attribute[urgent]': 'yes' }, true, 400, /true or false/],
  ])('refuses %s with the right status and writes nothing', async (_what, fields, withKey, status, words) => {
    const before = rowCounts(app);
    const payload = form(withKey ? { api_key: TEST_TOKEN, ...fields } : fields);
    for (const format of ['json', 'xml'] as const) {
      const res = await app.inject({ method: 'POST', url: `${base}/requests.${format}`, headers: FORM, payload });
      expectError(res, status, words, format);
    }
    expect(rowCounts(app)).toEqual(before);
  });

  it('refuses a key given twice, bad JSON, an unknown format and a broken URL', async () => {
    expectError(await app.inject({ method: 'POST', url: `${base}/requests.json`, headers: FORM, payload: `api_key=${TEST_TOKEN}&service_code=road&service_code=lamp&lat=32.2&long=119.5` }), 400, /given once/);
    expectError(await app.inject({ method: 'POST', url: `${base}/requests.json`, headers: { 'content-type': 'application/json' }, payload: '{"api_key":' }), 400, /not valid JSON/);
    expectError(await app.inject({ url: `${base}/requests.csv` }), 404, /\.json or \.xml/);
    expectError(await app.inject({ url: `${base}/nothing-here.xml` }), 404, /No Open311 document GET/, 'xml');
    // Refused by the router before any route runs, still the Open311 way.
    expectError(await app.inject({ url: `${base}/requests/%ED%A0%80.xml` }), 400, /does not decode/, 'xml');
    expectError(await app.inject({ url: `${base}/requests/${'9'.repeat(200)}.json` }), 414, /longer than any valid id/);
  });

  it('charges the intake budget of the key: over it, 429 with Retry-After', async () => {
    const small = await testApp({ budgets: { intake: { perMinute: 1, burst: 2 } } });
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 3; i++) {
        last = await small.inject({ method: 'POST', url: `${base}/requests.json`, headers: FORM, payload: form({ api_key: TEST_TOKEN, service_code: 'road', address_string: '321171001001-01' }) });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([201, 201, 429]);
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
      expect(open311ErrorProblem(429, last!.headers['content-type'] as string, last!.body)).toBeNull();
    } finally {
      await small.close();
    }
  });
});

describe('searching service requests', () => {
  it('defaults to the 90 days up to now, newest first, public only; filters by code and status; ids ignore filters', async () => {
    const all = (await both('requests.{f}', 'service_requests', ServiceRequestsSchema)) as { service_request_id: string; service_code: string; status: string }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    const ids = all.map((r) => Number(r.service_request_id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const roads = (await app.inject({ url: `${base}/requests.json?service_code=road,lamp` })).json() as { service_code: string }[];
    expect(roads.length).toBeGreaterThanOrEqual(3);
    expect(new Set(roads.map((r) => r.service_code))).toEqual(new Set(['road', 'lamp']));
    expect((await app.inject({ url: `${base}/requests.json?status=closed` })).json()).toEqual([]);
    expect((await app.inject({ url: `${base}/requests.json?status=open,closed` })).json()).toEqual(all);
    const some = `${ids[0]},${ids[1]},999999`;
    const byIds = (await app.inject({ url: `${base}/requests.json?service_request_id=${some}&status=closed` })).json() as { service_request_id: string }[];
    expect(byIds.map((r) => Number(r.service_request_id))).toEqual([ids[0], ids[1]]);
    expect(JSON.stringify(all)).not.toContain('王小明');
  });

  it('reads start_date and end_date as the window, and refuses more than 90 days or a bad date', async () => {
    const now = app.moshao.now();
    const inside = await app.inject({ url: `${base}/requests.json?start_date=${encodeURIComponent(isoShanghai(now - DAY_MS))}&end_date=${encodeURIComponent(isoShanghai(now + DAY_MS))}` });
    expect(inside.json().length).toBeGreaterThanOrEqual(4);
    const before = await app.inject({ url: `${base}/requests.json?end_date=${encodeURIComponent(isoShanghai(now - DAY_MS))}` });
    expect(before.json()).toEqual([]);
    expectError(await app.inject({ url: `${base}/requests.json?start_date=2023-01-01T00:00:00Z&end_date=2023-06-01T00:00:00Z` }), 400, /90 days/);
    expectError(await app.inject({ url: `${base}/requests.json?start_date=2023-02-30` }), 400, /W3C date-time/);
    expectError(await app.inject({ url: `${base}/requests.json?status=pending` }), 400, /open, closed/);
    expectError(await app.inject({ url: `${base}/requests.xml?jurisdiction_id=1` }), 404, /jurisdiction_id "1"/, 'xml');
    expectError(await app.inject({ url: `${base}/requests/999999.json` }), 404, /No service request "999999"/);
    expectError(await app.inject({ url: `${base}/requests/abc.xml` }), 404, /No service request "abc"/, 'xml');
  });

  it('maps the lifecycle: a closed ticket is closed with its note', async () => {
    const [first] = (await app.inject({ url: `${base}/requests.json?service_code=lamp` })).json() as { service_request_id: string }[];
    const id = Number(first.service_request_id);
    const admin = await loginAs(app, 'admin');
    for (const action of ['accept', 'dispatch', 'start', 'handle', 'close'] as const) {
      const res = await app.inject({ method: 'POST', url: `/api/tickets/${id}/transitions`, headers: admin, payload: { action, note: '已电话联系王小明' } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const [closed] = (await app.inject({ url: `${base}/requests/${id}.json` })).json() as Record<string, string>[];
    expect(closed).toMatchObject({ status: 'closed', status_notes: '已核查结案' });
    expect(JSON.stringify(closed)).not.toContain('王小明');
    const closedOnes = (await app.inject({ url: `${base}/requests.json?status=closed` })).json() as { service_request_id: string }[];
    expect(closedOnes.map((r) => Number(r.service_request_id))).toEqual([id]);
  });
});
