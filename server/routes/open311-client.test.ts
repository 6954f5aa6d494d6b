import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopeDelta, ScopeSnapshot } from '../../shared/events.js';
import { TEST_TOKEN, testApp } from '../test/app.js';
import { listenOnFreePort, socketClients } from '../test/sockets.js';

/**
 * A third-party Open311 client against the real server: npm `open311` (Code for America's node-open311), over HTTP on a
 * real port. It finds the endpoint by discovery, lists services, files a request the way it always does (form-encoded
 * body, jurisdiction_id in the query string), reads it back by id, and the wall's district totals count it.
 */

type Callback<T> = (err: unknown, data: T) => void;
interface Open311Client {
  endpoint?: string;
  serviceDiscovery(options: { cache: boolean }, cb: Callback<{ endpoints: { url: string }[] }>): void;
  serviceList(cb: Callback<{ service_code: string; service_name: string; group: string }[]>): void;
  serviceDefinition(code: string, cb: Callback<{ attributes: { code: string }[] }>): void;
  submitRequest(data: Record<string, unknown>, cb: Callback<{ service_request_id: string; service_notice: string }[]>): void;
  serviceRequests(idOrParams: string | Record<string, string>, cb: Callback<Record<string, unknown>[]>): void;
}
const Open311 = createRequire(import.meta.url)('open311') as new (options: Record<string, unknown>) => Open311Client;

/** The client's callback API as a promise; its errors are (status, message) pairs. */
const call = <T>(fn: (cb: Callback<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((err, data) => (err ? reject(new Error(`${String(err)}: ${JSON.stringify(data)}`)) : resolve(data))));

let app: FastifyInstance;
let url: string;
const sockets = socketClients(() => url);

beforeAll(async () => {
  app = await testApp();
  url = await listenOnFreePort(app);
});
afterAll(async () => {
  sockets.closeAll();
  await app.close();
});

describe('the open311 npm client', () => {
  it('discovers the endpoint, lists services, files a request, reads it back, and the wall counts it', async () => {
    const client = new Open311({ discovery: `${url}/open311/v2/discovery.json`, jurisdiction: '321171', apiKey: TEST_TOKEN });
    const discovery = await call<{ endpoints: { url: string }[] }>((cb) => client.serviceDiscovery({ cache: true }, cb));
    expect(discovery.endpoints[0].url).toBe(`${url}/open311/v2`);
    expect(client.endpoint).toBe(`${url}/open311/v2/`);

    const services = await call<{ service_code: string; service_name: string; group: string }[]>((cb) => client.serviceList(cb));
    const lamp = services.find((s) => s.service_code === 'lamp')!;
    expect(lamp).toMatchObject({ service_name: '路灯照明', group: '三级：村（社区）办理' });
    const definition = await call<{ attributes: { code: string }[] }>((cb) => client.serviceDefinition('lamp', cb));
    expect(definition.attributes.map((a) => a.code)).toEqual(['urgent']);

    // The wall of the whole district, before.
    const wall = await sockets.connect();
    const snapshot = (await wall.timeout(2000).emitWithAck('scope:subscribe', { scope: '321171' })) as { ok: boolean; data: ScopeSnapshot };
    expect(snapshot.ok).toBe(true);
    const totalBefore = snapshot.data.summary.tickets.total;
    const counted = new Promise<ScopeDelta>((resolve) => {
      wall.on('scope:delta', (d: ScopeDelta) => {
        if (d.scope === '321171' && d.patch.tickets?.total === totalBefore + 1) resolve(d);
      });
    });

    const cell = app.moshao.db.prepare('SELECT centroid_lng AS lng, centroid_lat AS lat FROM grid_cells ORDER BY id LIMIT 1 OFFSET 3').get() as { lng: number; lat: number };
    const filed = await call<{ service_request_id: string; service_notice: string }[]>((cb) => client.submitRequest({
      service_code: 'lamp', lat: cell.lat, long: cell.lng, description: '路灯不亮，整条路一片漆黑', attributes: { urgent: 'true' },
    }, cb));
    expect(filed).toHaveLength(1);
    const id = filed[0].service_request_id;
    expect(filed[0].service_notice).toMatch(/办结/);

    const [request] = await call<Record<string, unknown>[]>((cb) => client.serviceRequests(id, cb));
    expect(request).toMatchObject({ service_request_id: id, service_code: 'lamp', status: 'open', service_name: '路灯照明' });
    // The client turns the datetimes into Dates: they must parse, and name the instant the server filed it at.
    const ticket = app.moshao.service.getTicket(Number(id))!.ticket;
    expect((request.requested_datetime as Date).getTime()).toBe(Math.floor(ticket.reportedAt / 1000) * 1000);
    expect((request.expected_datetime as Date).getTime()).toBe(Math.floor(ticket.closeDueAt / 1000) * 1000);
    expect(ticket).toMatchObject({ urgent: true, description: '路灯不亮，整条路一片漆黑', channel: 'resident' });
    expect(request).not.toHaveProperty('description');

    const open = await call<Record<string, unknown>[]>((cb) => client.serviceRequests({ status: 'open', service_code: 'lamp' }, cb));
    expect(open.map((r) => r.service_request_id)).toContain(id);

    const delta = await counted;
    expect(delta.patch.tickets!.total).toBe(totalBefore + 1);
    expect((await app.inject({ url: '/api/summary' })).json().tickets.total).toBe(totalBefore + 1);
  });

  it('gets the spec\'s errors through the client: a wrong key is refused with 403', async () => {
    const client = new Open311({ endpoint: `${url}/open311/v2/`, jurisdiction: '321171', apiKey: 'wrong-key-0000000000', format: 'json' });
    const refused = await call((cb) => client.submitRequest({ service_code: 'lamp', address_string: '321171001001-01' }, cb)).catch((e: Error) => e.message);
    expect(refused).toMatch(/^403: .*not a valid intake token/);
  });
});
