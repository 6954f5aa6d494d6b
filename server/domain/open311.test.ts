import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS, TICKET_STATUSES } from '../../shared/constants.js';
import { readXml } from '../test/open311.js';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import { Open311ReportBodySchema, Open311SearchQuerySchema, type Open311ReportBody, type Open311SearchQuery } from '../../shared/schemas/open311.js';
import { createAddressPlacer } from './address-placer.js';
import { isoShanghai, open311Status, OPEN311_WINDOW_MS, readOpen311Query, readOpen311Report } from './open311.js';
import { escapeXmlText, renderXml } from './xml.js';

const services: Record<string, string> = { road: '道路设施', lamp: '路灯照明' };
const nameOf = (code: string) => services[code];
const NOW = Date.parse('2023-10-17T09:30:00+08:00');

/**
 * What a route does with a raw query or body: the schema's shape first (as the server's validator: a query converted,
 * a body as it came), refused as a 400 naming the field, then the domain's reading.
 */
function atTheDoor<T>(schema: TSchema, raw: Record<string, unknown>, query: boolean): T {
  const value = query ? Value.Convert(schema, raw) : raw;
  const [first] = [...Compile(schema).Errors(value)];
  if (first) throw Object.assign(new Error(first.message), { status: 400, field: first.instancePath.slice(1) || undefined });
  return value as T;
}
const report = (raw: Record<string, unknown>) => readOpen311Report(atTheDoor<Open311ReportBody>(Open311ReportBodySchema, raw, false), nameOf);
const search = (raw: Record<string, unknown>, known: (c: string) => boolean) =>
  readOpen311Query(atTheDoor<Open311SearchQuery>(Open311SearchQuerySchema, raw, true), NOW, known);

describe('open311 mapping', () => {
  it('writes datetimes in ISO 8601 with +08:00', () => {
    expect(isoShanghai(Date.parse('2023-10-17T01:30:05.999Z'))).toBe('2023-10-17T09:30:05+08:00');
    expect(isoShanghai(Date.parse('2023-12-31T16:00:00Z'))).toBe('2024-01-01T00:00:00+08:00');
  });

  it('maps every status to open or closed with a note; finished ones are closed', () => {
    const closed = TICKET_STATUSES.filter((s) => open311Status(s).status === 'closed');
    expect(closed).toEqual(['closed', 'evaluated', 'rejected', 'merged']);
    for (const s of TICKET_STATUSES) expect(open311Status(s).notes).toMatch(/\p{Script=Han}/u);
  });
});

describe('reading a filing', () => {
  it('takes a point, titles the report by its first line, and reads the urgent attribute', () => {
    const r = report({ service_code: 'road', lat: '32.2', long: '119.5', description: ' 井盖缺失\n在路口 ', 'attribute[urgent]': 'true' });
    expect(r).toEqual({ serviceCode: 'road', point: { lng: 119.5, lat: 32.2 }, addressString: undefined, title: '井盖缺失', description: '井盖缺失\n在路口', urgent: true });
    expect(report({ service_code: 'lamp', address_string: ' 丁卯社区 ', lat: 32, long: 119 })).toMatchObject({ title: '路灯照明', addressString: '丁卯社区', point: { lng: 119, lat: 32 } });
    const long = '长'.repeat(300);
    expect(Array.from(report({ service_code: 'road', address_string: 'x', description: long }).title)).toHaveLength(120);
  });

  it.each([
    [{ service_code: 'road', lat: '32.2', long: '119.5', jurisdiction_id: '320100' }, 404, 'jurisdiction_id'],
    [{ lat: '32.2', long: '119.5' }, 400, 'service_code'],
    [{ service_code: ['road', 'lamp'], lat: '32.2', long: '119.5' }, 400, 'service_code'],
    [{ service_code: 'road', lat: '0x20', long: '119.5' }, 400, 'lat'],
    [{ service_code: 'road', lat: '32', long: 'NaN' }, 400, 'long'],
    [{ service_code: 'road', long: '119.5' }, 400, 'lat'],
    [{ service_code: 'road' }, 400, 'lat'],
    [{ service_code: 'road', address_string: 'x'.repeat(201) }, 400, 'address_string'],
    [{ service_code: 'road', address_string: 'x', description: 'x'.repeat(4001) }, 400, 'description'],
  ])('refuses %j with %i naming %s', (raw, status, field) => {
    expect(() => report(raw)).toThrow(expect.objectContaining({ status, field }));
  });
});

describe('reading a search', () => {
  const known = (c: string) => c in services;

  it('defaults to the 90 days up to now, both statuses, every service', () => {
    expect(search({}, known)).toEqual({ serviceCodes: undefined, from: NOW - OPEN311_WINDOW_MS, to: NOW, open: undefined });
  });

  it('reads lists, statuses and a window from either end', () => {
    expect(search({ service_code: 'road,lamp', status: 'closed' }, known)).toMatchObject({ serviceCodes: ['road', 'lamp'], open: false });
    expect(search({ status: 'open,closed' }, known)).toMatchObject({ open: undefined });
    const start = Date.parse('2023-03-01T00:00:00+08:00');
    expect(search({ start_date: '2023-03-01' }, known)).toMatchObject({ from: start, to: start + 90 * DAY_MS });
    expect(search({ end_date: '2023-03-01T00:00:00Z' }, known)).toMatchObject({ to: Date.parse('2023-03-01T00:00:00Z') });
    expect(search({ service_request_id: '3, 1,3', status: 'bogus-but-ignored' }, known)).toEqual({ ids: [3, 1] });
  });

  it('reads a value repeated hundreds of times once, and refuses a list beyond its cap naming it', () => {
    expect(search({ service_code: Array(400).fill('road').join(','), status: 'open,open,open' }, known)).toMatchObject({ serviceCodes: ['road'], open: true });
    expect(search({ service_request_id: Array(3000).fill('7').join(',') }, known)).toEqual({ ids: [7] });
    const many = Array.from({ length: 1001 }, (_, i) => String(i + 1)).join(',');
    expect(() => search({ service_request_id: many }, known)).toThrow(expect.objectContaining({ status: 400, field: 'service_request_id' }));
    expect(() => search({ service_code: 'road,'.repeat(500) + 'road' }, known)).toThrow(expect.objectContaining({ status: 400, field: 'service_code' }));
    expect(() => search({ service_code: ['road', 'road'] }, known)).toThrow(expect.objectContaining({ status: 400, field: 'service_code' }));
  });

  it.each([
    [{ start_date: '2023-01-01T00:00:00Z', end_date: '2023-04-02T00:00:00Z' }, 'end_date'],
    [{ start_date: '2023-03-01', end_date: '2023-02-01' }, 'end_date'],
    [{ start_date: '2023-02-30' }, 'start_date'],
    [{ start_date: '2023-02-28T24:30:00+08:00' }, 'start_date'],
    [{ end_date: 'yesterday' }, 'end_date'],
    [{ status: 'pending' }, 'status'],
    [{ service_code: 'road,potholes' }, 'service_code'],
    [{ service_request_id: '1,abc' }, 'service_request_id'],
    [{ service_request_id: '0' }, 'service_request_id'],
  ])('refuses %j naming %s', (raw, field) => {
    expect(() => search(raw, known)).toThrow(expect.objectContaining({ status: 400, field }));
  });
});

describe('xml', () => {
  it('writes lists with their item names and empty elements for nothing', () => {
    expect(renderXml('services', [{ a: 1, b: null, c: true }], { services: 'service' }))
      .toBe('<?xml version="1.0" encoding="utf-8"?><services><service><a>1</a><b/><c>true</c></service></services>');
    expect(() => renderXml('things', [1], {})).toThrow(/no item element/);
  });

  it('escapes markup and replaces what XML cannot carry, so any text reads back as itself or U+FFFD', () => {
    expect(escapeXmlText('<a href="x">&\'</a>\u0000\uFFFF\uD800𝕏')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\uFFFD\uFFFD\uFFFD𝕏');
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      const { value } = readXml(renderXml('errors', [{ code: 400, description: text }], { errors: 'error' }));
      const back = (value as { description: string }[])[0].description;
      const expected = text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
      // XML parsers normalise line ends (CR LF and lone CR become LF).
      expect(back).toBe(expected.replace(/\r\n?/g, '\n'));
    }), { numRuns: 300 });
  });
});

describe('address placer', () => {
  const cells = [
    { id: '321171001001-01', name: '网格1', villageCode: '321171001001', centroid: [119.50, 32.20] },
    { id: '321171001001-02', name: '网格2', villageCode: '321171001001', centroid: [119.52, 32.20] },
    { id: '321171001001-03', name: '网格12', villageCode: '321171001001', centroid: [119.51, 32.21] },
    { id: '321171001002-01', name: '网格1', villageCode: '321171001002', centroid: [119.60, 32.30] },
  ];
  const place = createAddressPlacer(cells, [
    { code: '321171001001', names: ['丁卯居委会', '丁卯社区'] }, { code: '321171001002', names: ['马家山居委会', '马家山社区'] },
  ]);

  it('places a grid id, a village with a cell name, or a village on its central cell', () => {
    expect(place('在 321171001002-01 附近')).toEqual({ gridId: '321171001002-01', lng: 119.6, lat: 32.3 });
    expect(place('丁卯社区网格2路口')?.gridId).toBe('321171001001-02');
    expect(place('丁卯社区网格12')?.gridId).toBe('321171001001-03');
    expect(place('丁卯居委会门口')?.gridId).toBe('321171001001-03');
    expect(place('马家山社区')?.gridId).toBe('321171001002-01');
  });

  it('places nothing on an unknown place, a bare cell name or an unknown grid id', () => {
    expect(place('北京市东城区')).toBeNull();
    expect(place('网格1')).toBeNull();
    expect(place('321171999999-01')).toBeNull();
  });
});
