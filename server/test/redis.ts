import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { decide } from '../../test/browser/guard.js';
import { REDIS_SERVER_PATH } from './redis-server.js';

export { startRedis, type TestRedis } from './redis-server.js';

/*
 * The push-tier suites run through describeWithRedis, each with its own redis-server (startRedis). Without
 * redis-server they are one failing test under CI (a green CI run must mean the cluster was tested) and skipped with a
 * loud notice locally, as the browser tests are without Chromium.
 */

/** `describe`, for a suite that needs redis-server. */
export function describeWithRedis(suite: string, body: () => void): void {
  const decision = decide(process.env.CI, existsSync(REDIS_SERVER_PATH));
  if (decision === 'run') {
    describe(suite, body);
  } else if (decision === 'fail') {
    describe(suite, () => {
      it('needs a redis-server', () => {
        throw new Error(`No redis-server at ${REDIS_SERVER_PATH} and CI=${process.env.CI}: install it (apt-get install redis-server) or set REDIS_SERVER_PATH.`);
      });
    });
  } else {
    console.warn(`\n!!! SKIPPING ${suite}: no redis-server at ${REDIS_SERVER_PATH}. Install it or set REDIS_SERVER_PATH; in CI this fails. !!!\n`);
    describe.skip(suite, body);
  }
}
