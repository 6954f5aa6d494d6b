import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.js';
import { smallWorld } from './world.js';

export const TEST_TOKEN = 'test-intake-token-0123456789';

/** An app on an in-memory database with the small world; close it after the test. */
export function testApp(over: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ dbPath: ':memory:', world: smallWorld(), intakeToken: TEST_TOKEN, clientDir: '/nonexistent', ...over });
}

export const auth = { authorization: `Bearer ${TEST_TOKEN}` };

export function rowCounts(app: FastifyInstance): { tickets: number; events: number; keys: number } {
  const db = app.moshao.db;
  const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
  return {
    tickets: n('SELECT count(*) AS n FROM tickets'),
    events: n('SELECT count(*) AS n FROM ticket_events'),
    keys: n('SELECT count(*) AS n FROM idempotency_keys'),
  };
}
