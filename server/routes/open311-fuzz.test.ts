import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { rowCounts, testApp } from '../test/app.js';
import { createTally, watchCrashes } from '../test/fuzz-tally.js';
import { open311ErrorProblem, readXml } from '../test/open311.js';
import { routeGenerators, type FuzzWorld } from '../test/route-fuzz.js';

/**
 * Generated Open311 filings with budgets out of the way: in the app-wide hostile-input suite the address's Bearer
 * budget is spent long before the Open311 routes come up, so there a valid api_key mostly meets 429. Here every
 * generated filing reaches the reading, placing and filing code: below 500, refusals as Open311 error lists, a refusal
 * writes nothing, an acceptance writes one ticket whose id it answers.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20231117);
const RUNS = 600;
const UNLIMITED = { perMinute: 1e9, burst: 1e9 };
let app: FastifyInstance;
let world: FuzzWorld;

beforeAll(async () => {
  app = await testApp({ budgets: { intake: UNLIMITED, bearerFailuresPerIp: UNLIMITED } });
  await app.ready();
  const cells = app.moshao.db.prepare('SELECT id, centroid_lng AS lng, centroid_lat AS lat FROM grid_cells ORDER BY id').all() as { id: string; lng: number; lat: number }[];
  const admin = { kind: 'account', accountId: 1, username: 'admin', role: 'admin', townCode: null } as const;
  world = {
    gridIds: cells.map((c) => c.id), centroids: cells.map((c) => ({ gridId: c.id, lng: c.lng, lat: c.lat })),
    townCodes: [], villageCodes: [], ticketIds: [1, 2, 3], targetAccountIds: [], ownAccountMaxId: 1,
    categories: (await app.inject({ url: '/api/categories' })).json().map((c: { code: string }) => c.code),
    seekFrom: REPLAY_YEAR_START_MS, open311Key: app.moshao.auth.tokens.create(admin, 'open311 fuzz', 'test').secret,
  };
});
afterAll(async () => {
  await app.close();
});

describe('generated Open311 filings', () => {
  it('never answer 5xx, refuse the Open311 way writing nothing, and file one ticket when they succeed', async () => {
    const tally = createTally();
    const crashes = watchCrashes();
    try {
      await fc.assert(fc.asyncProperty(routeGenerators(world)['POST /open311/v2/requests.:format'], async (r) => {
        const before = rowCounts(app);
        const res = await app.inject({ method: 'POST', url: r.url, headers: r.headers, payload: r.payload });
        tally.record('POST /open311/v2/requests', res.statusCode);
        const where = `${r.url.slice(0, 80)} ${String(r.payload).slice(0, 200)} => ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) tally.problem(`${res.statusCode}`, where);
        const after = rowCounts(app);
        if (res.statusCode >= 400) {
          const bad = open311ErrorProblem(res.statusCode, res.headers['content-type'] as string, res.body);
          if (bad) tally.problem(bad, where);
          if (after.tickets !== before.tickets || after.events !== before.events) tally.problem('a refusal wrote a ticket', where);
        } else {
          const xml = res.headers['content-type']?.toString().startsWith('text/xml');
          const [answer] = (xml ? readXml(res.body).value : res.json()) as { service_request_id: string }[];
          const filed = after.tickets - before.tickets;
          if (res.statusCode === 201 && (filed !== 1 || !app.moshao.service.getTicket(Number(answer.service_request_id)))) {
            tally.problem('a 201 without exactly one new ticket', where);
          }
          if (res.statusCode === 200 && filed !== 0) tally.problem('an idempotent replay wrote a ticket', where);
        }
      }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    } finally {
      crashes.stop();
    }
    console.log(`\nOpen311 filings: ${tally.total} generated (seed ${SEED})\n\n${tally.table()}\n`);
    expect(tally.problems()).toEqual([]);
    expect(crashes.count, crashes.first ?? '').toBe(0);
    // Not vacuous: the generator reaches acceptance and each kind of refusal.
    const statuses = tally.table();
    for (const s of ['201', '400', '403', '404']) expect(statuses).toContain(`| ${s} |`);
  });
});
