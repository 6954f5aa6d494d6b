import { DAY_MS, DISTRICT_CODE, SHANGHAI_OFFSET_MS, type TicketStatus, type Tier } from '../../shared/constants.js';
import { OPEN311_MAX_REQUESTS, type Open311ReportBody, type Open311SearchQuery } from '../../shared/schemas/open311.js';
import type { Category, PublicTicket } from '../../shared/schemas/ticket.js';
import { DomainError } from './errors.js';
import type { XmlValue } from './xml.js';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) in our terms: the category catalogue as services, a
 * public ticket as a service request, and the spec's request fields read into a report. Pure: the routes
 * (server/routes/open311.ts) render what these return as JSON or XML.
 */

/** The only jurisdiction served: the district's statistical division code. */
export const OPEN311_JURISDICTION = DISTRICT_CODE;
/** The spec's default search window: the most recent 90 days; a given range may not span more. */
export const OPEN311_WINDOW_MS = 90 * DAY_MS;
export { OPEN311_MAX_REQUESTS };
export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** The element names of XML lists (GeoReport v2's XML: <services><service>, <errors><error>, ...). */
export const OPEN311_XML_ITEMS: Readonly<Record<string, string>> = {
  services: 'service', service_requests: 'request', errors: 'error', endpoints: 'endpoint', formats: 'format',
  attributes: 'attribute', values: 'value',
};

/** The tier as the catalogue's `group`: who handles a category's tickets at filing. */
const GROUP_OF_TIER: Record<Tier, string> = { 3: '三级：村（社区）办理', 2: '二级：镇（街道）办理', 1: '一级：区级部门统筹' };

/** What the lifecycle means to a civic client: open or closed, and a note in words (never a supervisor's free text). */
const STATUS: Record<TicketStatus, { status: 'open' | 'closed'; notes: string }> = {
  reported: { status: 'open', notes: '已上报，待受理' },
  accepted: { status: 'open', notes: '已受理' },
  dispatched: { status: 'open', notes: '已派遣至办理单位' },
  in_progress: { status: 'open', notes: '处置中' },
  // The unit says it is done; it counts as closed only once the grid centre has checked it.
  handled: { status: 'open', notes: '已处置，待核查结案' },
  returned: { status: 'open', notes: '已回退，待重新派遣' },
  closed: { status: 'closed', notes: '已核查结案' },
  evaluated: { status: 'closed', notes: '已结案并回访' },
  rejected: { status: 'closed', notes: '不予受理' },
  merged: { status: 'closed', notes: '与同一事项合并办理' },
};

export function open311Status(s: TicketStatus): { status: 'open' | 'closed'; notes: string } {
  return STATUS[s];
}

/** ISO 8601 with the district's offset, e.g. 2023-10-17T09:30:00+08:00 (China keeps no daylight saving time). */
export function isoShanghai(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** The `urgent` attribute, the one extra a report can carry beyond the spec's fields. */
const URGENT_ATTRIBUTE = {
  variable: true, code: 'urgent', datatype: 'singlevaluelist', required: false, datatype_description: '紧急事项优先派遣',
  order: 1, description: '是否紧急', values: [{ key: 'true', name: '紧急' }, { key: 'false', name: '一般' }],
};

export function open311Service(c: Category): Record<string, XmlValue> {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${c.name}（${c.nameEn}）：${c.responseMinutes} 分钟内响应，${c.closeHours} 小时内办结`,
    metadata: true,
    type: 'realtime',
    keywords: c.nameEn,
    group: GROUP_OF_TIER[c.tier],
  };
}

export function open311ServiceDefinition(c: Category): Record<string, XmlValue> {
  return { service_code: c.code, attributes: [URGENT_ATTRIBUTE] };
}

/** Names a service request carries that a public ticket does not: its category's name and its place's. */
export interface RequestNames {
  serviceName: string;
  /** Town and village of the ticket's cell, e.g. 丁卯街道丁卯社区: public, unlike the address a resident typed. */
  place: string;
}

/**
 * A ticket as a service request, from its public projection only: no description, no address a resident typed, the
 * point rounded as on the wall. `address_id` is the grid cell; `expected_datetime` the closing deadline.
 */
export function open311Request(t: PublicTicket, names: RequestNames): Record<string, XmlValue> {
  const { status, notes } = open311Status(t.status);
  return {
    service_request_id: String(t.id),
    status,
    status_notes: t.urgent ? `${notes}（紧急）` : notes,
    service_name: names.serviceName,
    service_code: t.category,
    agency_responsible: t.handlingUnit,
    requested_datetime: isoShanghai(t.reportedAt),
    updated_datetime: isoShanghai(t.updatedAt),
    expected_datetime: isoShanghai(t.closeDueAt),
    address: names.place,
    address_id: t.gridId,
    lat: t.lat,
    long: t.lng,
  };
}

export function open311Error(status: number, description: string): { code: number; description: string } {
  return { code: status, description };
}

const bad = (field: string, message: string) => new DomainError(400, 'invalid_open311', message, field);

/**
 * One field as text, its shape already checked at the door (shared/schemas/open311.ts: given once, within its
 * length); an empty field counts as absent.
 */
const text = (v: string | number | undefined): string | undefined => (v === undefined || v === '' ? undefined : String(v));

function coordinate(v: string | number | undefined, field: 'lat' | 'long', min: number, max: number): number | undefined {
  const s = text(v)?.trim();
  if (s === undefined) return undefined;
  const n = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
  if (!(n >= min && n <= max)) throw bad(field, `"${field}" must be a number of degrees from ${min} to ${max}.`);
  return n;
}

/** The jurisdiction, when given, must be ours: a client pointed at the wrong city learns so rather than filing here. */
export function checkJurisdiction(raw: { jurisdiction_id?: string | number }): void {
  const j = text(raw.jurisdiction_id);
  if (j !== undefined && j !== OPEN311_JURISDICTION) {
    throw new DomainError(404, 'unknown_jurisdiction', `jurisdiction_id "${j.slice(0, 40)}" is not served here; this endpoint serves ${OPEN311_JURISDICTION} (镇江经开区).`, 'jurisdiction_id');
  }
}

/** A POST service request's fields, read and checked: what to file and where. Contact fields are not read at all. */
export interface Open311Report {
  serviceCode: string;
  point: { lng: number; lat: number } | null;
  addressString: string | undefined;
  title: string;
  description: string;
  urgent: boolean;
}

const TITLE_MAX = 120;

/**
 * Reads a POST service request (form-encoded or JSON, shaped by Open311ReportBodySchema; the query's jurisdiction_id
 * merged in). A report without a place or a service is refused naming the field. The title our tickets need is the
 * description's first line, or the service name.
 */
export function readOpen311Report(raw: Open311ReportBody, serviceName: (code: string) => string | undefined): Open311Report {
  checkJurisdiction(raw);
  const serviceCode = text(raw.service_code);
  if (!serviceCode) throw bad('service_code', '"service_code" is required: GET services.json lists them.');
  const name = serviceName(serviceCode);
  if (!name) throw bad('service_code', `Unknown service_code "${serviceCode}": GET services.json lists them.`);
  const lat = coordinate(raw.lat, 'lat', -90, 90);
  const lng = coordinate(raw.long, 'long', -180, 180);
  if ((lat === undefined) !== (lng === undefined)) throw bad(lat === undefined ? 'lat' : 'long', 'Send "lat" and "long" together.');
  const addressString = text(raw.address_string)?.trim() || undefined;
  if (lat === undefined && !addressString) {
    throw bad('lat', 'Say where: "lat" and "long" (WGS 84), or an "address_string" naming a community or village of 镇江经开区.');
  }
  const description = (text(raw.description) ?? '').trim();
  const firstLine = description.split(/\r?\n/)[0].trim();
  const title = firstLine ? Array.from(firstLine).slice(0, TITLE_MAX).join('') : name;
  const urgentText = text(raw['attribute[urgent]']);
  if (urgentText !== undefined && urgentText !== 'true' && urgentText !== 'false') {
    throw bad('attribute[urgent]', '"attribute[urgent]" must be true or false.');
  }
  return {
    serviceCode, point: lat !== undefined && lng !== undefined ? { lng, lat } : null, addressString, title, description,
    urgent: urgentText === 'true',
  };
}

/**
 * A GET service requests query, read: either ids, or filters over a reporting window. Lists come deduplicated (a
 * value repeated is read once), so what they cost is what they name, not how often they name it.
 */
export type Open311Query =
  | { ids: number[] }
  | { serviceCodes: string[] | undefined; from: number; to: number; open: boolean | undefined };

function dateTime(s: string | undefined, field: string): number | undefined {
  if (s === undefined || s === '') return undefined;
  // W3C date-times as the spec asks (2023-10-17T09:30:00+08:00, ...Z); a bare date is read as midnight in the district.
  const m = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(s);
  const zone = m?.[5] ?? '+08:00';
  const offsetMs = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4))) * 60_000;
  const t = m ? Date.parse(m[2] ? s : `${m[1]}T00:00:00+08:00`) : NaN;
  // Date.parse rolls 2023-02-30 over into March: the date must name itself back in its own zone.
  if (!Number.isFinite(t) || new Date(t + offsetMs).toISOString().slice(0, 10) !== m?.[1]) {
    throw bad(field, `"${field}" must be a W3C date-time such as 2023-10-17T09:30:00+08:00.`);
  }
  return t;
}

/** A comma list's distinct values, trimmed, in first-seen order. */
const distinct = (list: string): string[] => [...new Set(list.split(',').map((x) => x.trim()))];

/**
 * Reads GET requests' query (shaped by Open311SearchQuerySchema): `service_request_id` (comma list; then nothing else
 * applies, as the spec says), `service_code` (comma list), `status` (open, closed or both) and
 * `start_date`/`end_date` (at most 90 days apart; by default the 90 days up to `now`).
 */
export function readOpen311Query(raw: Open311SearchQuery, now: number, knownService: (code: string) => boolean): Open311Query {
  checkJurisdiction(raw);
  if (raw.service_request_id) {
    const ids = distinct(raw.service_request_id);
    if (ids.length > OPEN311_MAX_REQUESTS || ids.some((x) => !/^[1-9]\d{0,11}$/.test(x))) {
      throw bad('service_request_id', `"service_request_id" must be up to ${OPEN311_MAX_REQUESTS} request ids separated by commas.`);
    }
    return { ids: ids.map(Number) };
  }
  const codes = raw.service_code ? distinct(raw.service_code) : undefined;
  const unknown = codes?.find((c) => !knownService(c));
  if (unknown !== undefined) throw bad('service_code', `Unknown service_code "${unknown.slice(0, 40)}": GET services.json lists them.`);
  const statuses = raw.status ? distinct(raw.status) : undefined;
  if (statuses?.some((x) => x !== 'open' && x !== 'closed')) throw bad('status', '"status" must be open, closed or open,closed.');
  const open = statuses === undefined || statuses.length === 2 ? undefined : statuses[0] === 'open';
  const start = dateTime(raw.start_date, 'start_date');
  const end = dateTime(raw.end_date, 'end_date');
  const to = end ?? (start !== undefined ? start + OPEN311_WINDOW_MS : now);
  const from = start ?? to - OPEN311_WINDOW_MS;
  if (from > to) throw bad('end_date', '"end_date" lies before "start_date".');
  if (to - from > OPEN311_WINDOW_MS) throw bad('end_date', 'start_date and end_date may not be more than 90 days apart.');
  return { serviceCodes: codes, from, to, open };
}
