import { XMLParser, XMLValidator } from 'fast-xml-parser';
import Type, { type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { GRID_ID_PATTERN } from '../../shared/scope.js';
import { OPEN311_XML_ITEMS } from '../domain/open311.js';

/**
 * The shapes of GeoReport v2 answers (http://wiki.open311.org/GeoReport_v2), as the tests hold every JSON answer to
 * them, and XML read back with a real parser (fast-xml-parser) into the same shape as its JSON twin.
 */

const Iso = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+08:00$' });
const strict = { additionalProperties: false } as const;

export const DiscoverySchema = Type.Object({
  changeset: Iso,
  contact: Type.String({ minLength: 1 }),
  key_service: Type.String({ minLength: 1 }),
  endpoints: Type.Array(Type.Object({
    specification: Type.Literal('http://wiki.open311.org/GeoReport_v2'),
    url: Type.String({ pattern: '^https?://.+/open311/v2$' }),
    changeset: Iso,
    type: Type.Literal('production'),
    formats: Type.Array(Type.Union([Type.Literal('application/json'), Type.Literal('text/xml')]), { minItems: 2, maxItems: 2 }),
  }, strict), { minItems: 1 }),
}, strict);

export const ServiceSchema = Type.Object({
  service_code: Type.String({ minLength: 1 }),
  service_name: Type.String({ pattern: '\\p{Script=Han}' }),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Literal('realtime'),
  keywords: Type.String(),
  group: Type.String({ minLength: 1 }),
}, strict);
export const ServicesSchema = Type.Array(ServiceSchema, { minItems: 1 });

export const ServiceDefinitionSchema = Type.Object({
  service_code: Type.String({ minLength: 1 }),
  attributes: Type.Array(Type.Object({
    variable: Type.Boolean(), code: Type.String(), datatype: Type.String(), required: Type.Boolean(),
    datatype_description: Type.String(), order: Type.Integer(), description: Type.String(),
    values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() }, strict)),
  }, strict)),
}, strict);

/** A service request as anyone may read it: no description, no address typed by a resident, no contact fields. */
export const ServiceRequestSchema = Type.Object({
  service_request_id: Type.String({ pattern: '^[1-9]\\d*$' }),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  status_notes: Type.String({ minLength: 1 }),
  service_name: Type.String({ minLength: 1 }),
  service_code: Type.String({ minLength: 1 }),
  agency_responsible: Type.String({ minLength: 1 }),
  requested_datetime: Iso,
  updated_datetime: Iso,
  expected_datetime: Iso,
  address: Type.String(),
  address_id: Type.String({ pattern: GRID_ID_PATTERN }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  long: Type.Number({ minimum: -180, maximum: 180 }),
}, strict);
export const ServiceRequestsSchema = Type.Array(ServiceRequestSchema);

export const FiledSchema = Type.Array(Type.Object({
  service_request_id: Type.String({ pattern: '^[1-9]\\d*$' }), service_notice: Type.String({ minLength: 1 }), account_id: Type.Null(),
}, strict), { minItems: 1, maxItems: 1 });

export const ErrorsSchema = Type.Array(Type.Object({ code: Type.Integer({ minimum: 400, maximum: 599 }), description: Type.String({ minLength: 1 }) }, strict), { minItems: 1 });

/** The first few schema violations of a value, as readable lines; [] when it fits. */
export function violations(schema: TSchema, value: unknown): string[] {
  return [...Value.Errors(schema, value)].slice(0, 5).map((e) => `${(e as { instancePath?: string }).instancePath ?? ''} ${e.message}`);
}

const itemNames = new Set(Object.values(OPEN311_XML_ITEMS));
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: false, isArray: (name) => itemNames.has(name) });

/** XML text -> the value its JSON twin has, with every leaf as text (XML has no numbers, booleans or null). */
export function readXml(xml: string): { root: string; value: unknown } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')) throw new Error('no XML declaration');
  const doc = parser.parse(xml) as Record<string, unknown>;
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  if (roots.length !== 1) throw new Error(`${roots.length} root elements`);
  const unwrap = (name: string, node: unknown): unknown => {
    const item = OPEN311_XML_ITEMS[name];
    if (item !== undefined) {
      const items = node === '' ? [] : ((node as Record<string, unknown>)[item] as unknown[] | undefined) ?? [];
      return items.map((x) => unwrap(item, x));
    }
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, unwrap(k, v)]));
    }
    return node;
  };
  return { root: roots[0], value: unwrap(roots[0], doc[roots[0]]) };
}

/** A JSON answer with every leaf as XML carries it: numbers and booleans as text, null as an empty string. */
export function asXmlText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asXmlText);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asXmlText(v)]));
  return value === null || value === undefined ? '' : String(value);
}

/** Problems with an Open311 refusal: `[{ code, description }]` (or `<errors>`) with code = the HTTP status. */
export function open311ErrorProblem(status: number, contentType: string | undefined, body: string): string | null {
  let value: unknown;
  try {
    if (contentType?.startsWith('text/xml')) {
      const xml = readXml(body);
      if (xml.root !== 'errors') return `XML root <${xml.root}> instead of <errors>`;
      value = (xml.value as { code: string; description: string }[]).map((e) => ({ code: Number(e.code), description: e.description }));
    } else if (contentType?.startsWith('application/json')) {
      value = JSON.parse(body);
    } else {
      return `content-type ${contentType ?? 'none'}`;
    }
  } catch (err) {
    return `unreadable error body: ${(err as Error).message}`;
  }
  const bad = violations(ErrorsSchema, value);
  if (bad.length) return `error body ${bad.join('; ')}`;
  if ((value as { code: number }[])[0].code !== status) return `error code ${(value as { code: number }[])[0].code} under HTTP ${status}`;
  return null;
}
