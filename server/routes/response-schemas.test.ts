import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { connectCluster } from '../cluster/redis-link.js';
import { buildEdge } from '../edge/edge.js';
import { publicTicket } from '../domain/projection.js';
import type { Ticket } from '../../shared/schemas/ticket.js';
import { auth, testApp } from '../test/app.js';
import { describeWithRedis, startRedis, type TestRedis } from '../test/redis.js';

/**
 * Every route declares `schema.response`: a 2xx schema for each success it answers, and the error shape for its 4xx and
 * 5xx. fast-json-stringify then writes only the declared fields, so a field a handler adds by mistake never leaves.
 * The routes below cannot have a JSON schema; each says why. A new route without a schema that is not listed here fails.
 */
const NO_JSON_SCHEMA: Record<string, string> = {
  'GET /metrics': 'Prometheus text exposition format, written by prom-client (server/plugins/metrics.ts)',
  'HEAD /metrics': 'the HEAD twin of GET /metrics',
  'GET /*': 'the built client (HTML, JS, CSS, fonts) as bytes from disk, by @fastify/static (server/plugins/client-files.ts)',
  'HEAD /*': 'the HEAD twin of the client files',
};
/** Routes that only ever refuse: they declare the error shape and no success. */
const ONLY_REFUSALS: Record<string, string> = {
  'GET /open311/v2': 'the endpoint\'s base URL is no document: an Open311 404',
  'GET /open311/v2/*': 'an unknown Open311 document: an Open311 404 rather than the wall\'s page',
};
/**
 * An edge forwards every method under /api and /open311 to the writer as bytes (@fastify/http-proxy): the writer's own
 * routes declare the schemas and serialise the answers.
 */
const FORWARDED_BY_EDGE = /^[A-Z-]+ \/(api|open311)(\/\*?)?$/;

type Collected = { key: string; response: Record<string, unknown> | undefined };

const collector = () => {
  const routes: Collected[] = [];
  const onRoute = (r: RouteOptions) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    const response = (r.schema as { response?: Record<string, unknown> } | undefined)?.response;
    for (const m of methods) routes.push({ key: `${m} ${r.url}`, response });
  };
  return { routes, onRoute };
};

/** The routes without a 2xx, a 4xx and a 5xx answer declared, and not listed as having none. */
function undeclared(routes: Collected[], forwarded?: RegExp): string[] {
  return routes.filter(({ key, response }) => {
    if (key in NO_JSON_SCHEMA || forwarded?.test(key)) return false;
    const codes = Object.keys(response ?? {});
    const success = key.replace(/^HEAD /, 'GET ') in ONLY_REFUSALS || codes.some((c) => /^2\d\d$|^2xx$/.test(c));
    return !(success && codes.includes('4xx') && codes.includes('5xx'));
  }).map((r) => r.key);
}

let clientDir: string;
beforeAll(() => {
  clientDir = mkdtempSync(join(tmpdir(), 'moshao-client-'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>wall</title>');
});
afterAll(() => rmSync(clientDir, { recursive: true, force: true }));

describe('response schemas', () => {
  const { routes, onRoute } = collector();
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await testApp({ clientDir, onRoute });
  });
  afterAll(() => app.close());

  it('are declared by every route of the app, except the listed ones', () => {
    const keys = routes.map((r) => r.key);
    // The collector saw the whole app, the client files and /metrics included.
    expect(keys).toEqual(expect.arrayContaining(['GET /api/tickets', 'POST /api/tickets', 'GET /open311/v2/requests.:format', 'GET /*', 'GET /metrics']));
    expect(undeclared(routes)).toEqual([]);
    // The exception list names nothing that is gone or that declares a schema after all.
    const withoutSchema = new Set(routes.filter((r) => r.response === undefined).map((r) => r.key));
    expect(Object.keys(NO_JSON_SCHEMA).filter((k) => !withoutSchema.has(k))).toEqual([]);
  });

  it('keep every field of the real answers: a ticket in full for the intake caller, the public projection for anyone', async () => {
    const filed = await app.inject({ method: 'POST', url: '/api/tickets', headers: auth,
      payload: { category: 'lamp', title: '路灯不亮', description: '丁卯路口', channel: 'mini_program', reporterRole: 'resident', gridId: routesGrid(app) } });
    expect(filed.statusCode).toBe(201);
    const ticket = filed.json() as Ticket & { possibleDuplicates: unknown[] };
    expect(Object.keys(ticket).sort()).toEqual([...Object.keys(app.moshao.service.findTicket(ticket.id)!), 'possibleDuplicates'].sort());
    const read = await app.inject({ url: `/api/tickets/${ticket.id}` });
    const expected = publicTicket(app.moshao.service.findTicket(ticket.id)!);
    expect(read.json()).toMatchObject(expected);
    expect(Object.keys(read.json() as object).sort()).toEqual([...Object.keys(expected), 'possibleDuplicates', 'timeline'].sort());
  });

  it('drop a private field a handler slipped into a public ticket answer', async () => {
    const ticket = app.moshao.service.findTicket(1)!;
    // A full ticket's private fields, put into a public answer by a faulty handler.
    const leaked = { title: ticket.title, description: ticket.description, address: ticket.address, channel: ticket.channel,
      reporterRole: ticket.reporterRole, rating: 5, note: 'private', actor: 'someone' };
    const schemaOf = (key: string) => routes.find((r) => r.key === key)!.response!;
    const probe = Fastify();
    try {
      // Tiny routes with the very response schemas of the public ticket routes, answering what a faulty handler would.
      probe.get('/one', { schema: { response: schemaOf('GET /api/tickets/:id') } }, async () => ({
        ...publicTicket(ticket), ...leaked, timeline: [{ id: 1, ticketId: ticket.id, at: ticket.reportedAt, action: 'report', fromStatus: null,
          toStatus: 'reported', note: 'private', actor: 'someone' }], possibleDuplicates: [{ ...publicTicket(ticket), ...leaked }],
      }));
      probe.get('/list', { schema: { response: schemaOf('GET /api/tickets') } }, async () => ({
        items: [{ ...publicTicket(ticket), ...leaked }], nextCursor: null, secret: 'private',
      }));
      probe.get('/open311', { schema: { response: schemaOf('GET /open311/v2/requests.:format') } }, async () => [{
        ...leaked, description: ticket.description, service_request_id: '1', status: 'open', status_notes: '已上报', service_name: 'x', service_code: 'x', agency_responsible: 'x',
        requested_datetime: 'x', updated_datetime: 'x', expected_datetime: 'x', address: 'x', address_id: 'x', lat: 32.1, long: 119.5,
      }]);
      probe.get('/error', { schema: { response: schemaOf('GET /api/tickets/:id') } }, async (_req, reply) =>
        reply.status(404).send({ error: 'not_found', message: 'No ticket.', detail: ticket.description }));

      const one = (await probe.inject({ url: '/one' })).json() as Record<string, unknown> & { timeline: object[]; possibleDuplicates: object[] };
      expect(Object.keys(one).sort()).toEqual([...Object.keys(publicTicket(ticket)), 'possibleDuplicates', 'timeline'].sort());
      expect(Object.keys(one.timeline[0]).sort()).toEqual(['action', 'at', 'fromStatus', 'id', 'ticketId', 'toStatus']);
      expect(Object.keys(one.possibleDuplicates[0]).sort()).toEqual(Object.keys(publicTicket(ticket)).sort());
      const list = (await probe.inject({ url: '/list' })).json() as { items: object[] };
      expect(Object.keys(list).sort()).toEqual(['items', 'nextCursor']);
      expect(Object.keys(list.items[0]).sort()).toEqual(Object.keys(publicTicket(ticket)).sort());
      const open311 = (await probe.inject({ url: '/open311' })).json() as object[];
      expect(Object.keys(open311[0])).not.toContain('description');
      expect(Object.keys(open311[0])).toHaveLength(13);
      const error = await probe.inject({ url: '/error' });
      expect(error.statusCode).toBe(404);
      expect(error.json()).toEqual({ error: 'not_found', message: 'No ticket.' });
      for (const body of [one, list, open311].map((b) => JSON.stringify(b))) {
        for (const word of [ticket.title, ticket.description, ticket.address, 'private', 'someone']) expect(body).not.toContain(word);
      }
    } finally {
      await probe.close();
    }
  });
});

describeWithRedis('response schemas on an edge', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('are declared by the edge\'s own routes, and the forwarded ones are listed', async () => {
    const { routes, onRoute } = collector();
    const link = await connectCluster(redis.url, () => {});
    const edge = await buildEdge({ writerUrl: 'http://127.0.0.1:9', cluster: link, clientDir, onRoute });
    try {
      expect(routes.map((r) => r.key)).toEqual(expect.arrayContaining(['GET /api/*', 'GET /metrics', 'GET /*']));
      expect(undeclared(routes, FORWARDED_BY_EDGE)).toEqual([]);
    } finally {
      await edge.close();
      await link.close(edge.edge.io);
    }
  });
});

/** A grid cell of the small world. */
function routesGrid(app: FastifyInstance): string {
  return app.moshao.service.findTicket(1)!.gridId;
}
