import fastifyFormbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  Open311DiscoverySchema, Open311DocumentQuerySchema, Open311ErrorResponses, Open311ReceiptSchema, Open311ReportBodySchema, Open311ReportQuerySchema,
  Open311RequestsSchema, Open311SearchQuerySchema, Open311ServiceDefinitionSchema, Open311ServicesSchema,
} from '../../shared/schemas/open311.js';
import type { NewTicket } from '../../shared/schemas/ticket.js';
import { createAddressPlacer } from '../domain/address-placer.js';
import { DomainError } from '../domain/errors.js';
import {
  checkJurisdiction, isoShanghai, open311Error, open311Request, open311Service, open311ServiceDefinition, OPEN311_FORMATS,
  OPEN311_MAX_REQUESTS, OPEN311_XML_ITEMS, readOpen311Query, readOpen311Report, type Open311Format,
} from '../domain/open311.js';
import { publicTicket } from '../domain/projection.js';
import { renderXml, type XmlValue } from '../domain/xml.js';
import type { RouteContext } from './context.js';
import { clip, errorPipeline, type RefusalFormatter } from './errors.js';
import { createIntake } from './intake.js';

/** When this endpoint's behaviour last changed (discovery's changeset): clients re-read services after it. */
const CHANGESET = '2026-12-02T00:00:00+08:00';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
const MEDIA_TYPES: Record<Open311Format, string> = { json: 'application/json', xml: 'text/xml' };
const IDEMPOTENCY_KEY_MAX = 120;

type Params = { format?: string; code?: string; id?: string };

/** The format a request asked for by its extension; anything else is a 404 (there is no such document). */
function formatOf(req: FastifyRequest): Open311Format {
  const f = (req.params as Params | undefined)?.format;
  if ((OPEN311_FORMATS as readonly string[]).includes(f ?? '')) return f as Open311Format;
  throw new DomainError(404, 'unknown_format', `No such document: Open311 answers end in .json or .xml, not ".${clip(f ?? '', 20)}".`);
}

/** The error list's format: the one asked for when it is valid, JSON otherwise (a bad extension, an unknown path). */
const errorFormatOf = (req: FastifyRequest): Open311Format => ((req.params as Params | undefined)?.format === 'xml' || /\.xml(\?|$)/.test(req.url) ? 'xml' : 'json');

function send(reply: FastifyReply, format: Open311Format, root: string, value: XmlValue, status = 200): FastifyReply {
  reply.status(status).type(`${MEDIA_TYPES[format]}; charset=utf-8`);
  // JSON goes through the route's response schema (fast-json-stringify: declared fields only); XML through its renderer.
  return reply.send(format === 'xml' ? renderXml(root, value, OPEN311_XML_ITEMS) : value);
}

/**
 * Refusals the Open311 way, the edge of the one error pipeline (errors.ts): `[{ code, description }]` (XML
 * `<errors><error>`), code = the HTTP status. The spec knows 400, 403 and 404 for refusals; a sensible request that
 * makes no sense here (our 422, a point outside the district) is its 400. A 429 keeps its status and Retry-After.
 */
const open311Format: RefusalFormatter = (req, reply, refusal) => {
  const code = refusal.status === 422 ? 400 : refusal.status;
  return send(reply, errorFormatOf(req), 'errors', [open311Error(code, refusal.message)], code);
};
const onError = errorPipeline(open311Format, { mediaTypes: 'application/x-www-form-urlencoded (as the spec says) or application/json' });

/**
 * Fastify's router fails some requests before any route runs (a %-escape that does not decode, an over-long path
 * parameter); under /open311/ they are answered as Open311 refusals too. Returns false for other paths.
 */
export function open311FrameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): boolean {
  if (!req.url.startsWith('/open311/')) return false;
  void onError(err, req, reply);
  return true;
}

const notFound = (req: FastifyRequest): DomainError =>
  new DomainError(404, 'not_found', `No Open311 document ${clip(req.method)} ${clip(req.url.split('?')[0])}; GET /open311/v2/discovery.json lists them.`);

/**
 * Open311 GeoReport v2 at /open311/v2/ (registered with that prefix): discovery, the category catalogue as services,
 * public service requests, and filing with an intake token as `api_key` through the same intake as POST /api/tickets.
 */
export function open311Routes(ctx: RouteContext) {
  const { authorizer, intakeBudget } = ctx.auth;
  const fileReport = createIntake(ctx);
  const categories = new Map(ctx.categories.map((c) => [c.code, c]));
  const placeName = (gridId: string) => {
    const p = ctx.places.get(gridId);
    return p ? `${p.townName}${p.villageName}` : '';
  };
  const villageNames = new Map<string, Set<string>>();
  for (const v of ctx.world.listVillages()) villageNames.set(v.code, new Set([v.name]));
  for (const c of ctx.cells.values()) villageNames.get(c.villageCode)?.add(ctx.places.get(c.id)?.villageName ?? '');
  const placeAddress = createAddressPlacer([...ctx.cells.values()], [...villageNames].map(([code, names]) => ({ code, names: [...names].filter(Boolean) })));
  const asRequest = (t: Parameters<typeof publicTicket>[0]) =>
    open311Request(publicTicket(t), { serviceName: categories.get(t.category)?.name ?? t.category, place: placeName(t.gridId) });

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    await app.register(fastifyFormbody);
    // A document's extension first: a request for requests.csv is a 404 whatever else it carries.
    app.addHook('preValidation', async (req) => {
      if ((req.params as Params | undefined)?.format !== undefined) formatOf(req);
    });
    app.setErrorHandler(onError);
    app.setNotFoundHandler((req, reply) => onError(notFound(req) as unknown as FastifyError, req, reply));
    // Every other GET under /open311/v2/ is an unknown document: without this route the wall's catch-all
    // (client-files.ts) would answer it with its HTML page and a 200.
    // A document path whose id is longer than the router takes falls through to here: answered as the router would.
    const maxParamLength = fastify.initialConfig.maxParamLength ?? 100;
    const unknownDocument = async (req: FastifyRequest) => {
      const rest = (req.params as { '*'?: string })['*'] ?? '';
      if (rest.split('/').some((part) => part.length > maxParamLength)) throw Object.assign(new Error('path parameter too long'), { code: 'FST_ERR_MAX_PARAM_LENGTH' });
      throw notFound(req);
    };
    // '' is /open311/v2 itself, the endpoint's base URL.
    for (const url of ['', '/*']) app.get(url, { schema: { response: Open311ErrorResponses } }, unknownDocument);

    app.get('/discovery.:format', { schema: { response: { 200: Open311DiscoverySchema, ...Open311ErrorResponses } } }, async (req, reply) => {
      const format = formatOf(req);
      return send(reply, format, 'discovery', {
        changeset: CHANGESET,
        contact: '镇江经开区集成管理指挥中心（区级平台管理员）',
        key_service: 'api_key 为接入令牌（intake token），由系统管理员在 /admin 发放；读取无需 api_key',
        endpoints: [{
          specification: SPECIFICATION, url: `${req.protocol}://${clip(req.host, 200)}/open311/v2`, changeset: CHANGESET, type: 'production',
          formats: Object.values(MEDIA_TYPES),
        }],
      });
    });

    app.get('/services.:format', { schema: { querystring: Open311DocumentQuerySchema, response: { 200: Open311ServicesSchema, ...Open311ErrorResponses } } }, async (req, reply) => {
      const format = formatOf(req);
      checkJurisdiction(req.query);
      return send(reply, format, 'services', ctx.categories.map(open311Service));
    });

    app.get('/services/:code.:format', { schema: { querystring: Open311DocumentQuerySchema, response: { 200: Open311ServiceDefinitionSchema, ...Open311ErrorResponses } } }, async (req, reply) => {
      const format = formatOf(req);
      checkJurisdiction(req.query);
      const { code } = req.params as Params;
      const category = categories.get(code ?? '');
      if (!category) throw new DomainError(404, 'unknown_service', `No service "${clip(code ?? '', 40)}": GET services.${format} lists them.`);
      return send(reply, format, 'service_definition', open311ServiceDefinition(category));
    });

    app.get('/requests.:format', { schema: { querystring: Open311SearchQuerySchema, response: { 200: Open311RequestsSchema, ...Open311ErrorResponses } } }, async (req, reply) => {
      const format = formatOf(req);
      const q = readOpen311Query(req.query, ctx.clockNow(), (c) => categories.has(c));
      // One indexed statement per search, whatever its lists hold (deduplicated, bound as one JSON array each), newest
      // first as every list of ours, at most OPEN311_MAX_REQUESTS rows.
      const tickets = 'ids' in q
        ? ctx.tickets.findTicketsByIds(q.ids)
        : ctx.tickets.listTickets({
          categories: q.serviceCodes, open: q.open, from: q.from, to: q.to + 1, until: ctx.clockNow(), limit: OPEN311_MAX_REQUESTS,
        });
      return send(reply, format, 'service_requests', tickets.map(asRequest));
    });

    app.get('/requests/:id.:format', { schema: { querystring: Open311DocumentQuerySchema, response: { 200: Open311RequestsSchema, ...Open311ErrorResponses } } }, async (req, reply) => {
      const format = formatOf(req);
      checkJurisdiction(req.query);
      const { id } = req.params as Params;
      const ticket = /^[1-9]\d{0,11}$/.test(id ?? '') ? ctx.service.findTicket(Number(id)) : undefined;
      if (!ticket) throw new DomainError(404, 'not_found', `No service request "${clip(id ?? '', 20)}".`);
      return send(reply, format, 'service_requests', [asRequest(ticket)]);
    });

    // The key and its budget come before the report's fields are checked: a caller without a valid key learns that
    // first, and every filing of a key counts against its budget, well-formed or not.
    const admitKey = async (req: FastifyRequest) => {
      const apiKey = (req.body as Record<string, unknown> | undefined)?.api_key ?? (req.query as Record<string, unknown>).api_key;
      if (Array.isArray(apiKey)) throw new DomainError(400, 'invalid_open311', '"api_key" must be given once.', 'api_key');
      if (typeof apiKey !== 'string' || !apiKey) throw new DomainError(403, 'missing_api_key', 'Filing a service request needs an "api_key" (an intake token).');
      const principal = authorizer.principalOfKey(req, apiKey);
      if (!principal) throw new DomainError(403, 'invalid_api_key', 'The api_key is not a valid intake token.');
      await intakeBudget(req);
      keyHolders.set(req, principal);
    };
    const keyHolders = new WeakMap<FastifyRequest, NonNullable<ReturnType<typeof authorizer.principalOfKey>>>();

    app.post('/requests.:format', {
      preValidation: admitKey, schema: { querystring: Open311ReportQuerySchema, body: Open311ReportBodySchema, response: { 200: Open311ReceiptSchema, 201: Open311ReceiptSchema, ...Open311ErrorResponses } },
    }, async (req, reply) => {
      const format = formatOf(req);
      const principal = keyHolders.get(req)!;
      // The client in the open311 package puts jurisdiction_id in the query string and the rest in the form body.
      const report = readOpen311Report({ ...req.query, ...req.body }, (code) => categories.get(code)?.name);
      const where = report.point ? { location: report.point } : placeAddress(report.addressString ?? '');
      if (!where) {
        throw new DomainError(400, 'address_not_placed',
          `address_string names no community or village of 镇江经开区 we know; send "lat" and "long", or name the community (e.g. 丁卯社区).`, 'address_string');
      }
      const body: NewTicket = {
        category: report.serviceCode, title: report.title, channel: 'resident', reporterRole: 'resident', urgent: report.urgent,
        ...(report.description ? { description: report.description } : {}),
        ...(report.addressString ? { address: report.addressString } : {}),
        ...('location' in where ? where : { gridId: where.gridId }),
      };
      const key = req.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !key || key.length > IDEMPOTENCY_KEY_MAX)) {
        throw new DomainError(400, 'invalid_idempotency_key', `The Idempotency-Key header must be 1 to ${IDEMPOTENCY_KEY_MAX} characters, sent once.`);
      }
      const { ticket, replayed } = await fileReport({ body, key, principal, ip: req.ip, log: req.log });
      const notice = `已受理登记，由${ticket.handlingUnit}办理，${isoShanghai(ticket.closeDueAt)} 前办结`;
      return send(reply, format, 'service_requests', [{ service_request_id: String(ticket.id), service_notice: notice, account_id: null }], replayed ? 200 : 201);
    });
  };
}
