import { describeNeeding } from '../../test/browser/guard.js';
import { REDIS_SERVER_PATH } from './redis-server.js';

export { startRedis, type TestRedis } from './redis-server.js';

/*
 * The push-tier suites run through describeWithRedis, each with its own redis-server (startRedis). Without
 * redis-server they are one failing test under CI (a green CI run must mean the cluster was tested) and skipped with a
 * loud notice locally, as the browser tests are without Chromium.
 */

/** `describe`, for a suite that needs redis-server. */
export function describeWithRedis(suite: string, body: () => void): void {
  describeNeeding({ name: 'redis-server', path: REDIS_SERVER_PATH, variable: 'REDIS_SERVER_PATH', install: 'apt-get install redis-server' }, suite, body);
}
