import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../server/app.js';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../shared/constants.js';
const app = await buildApp({ dbPath: process.argv[2], clientDir: '/nonexistent', replayFrom: { at: REPLAY_YEAR_START_MS, always: true } });
const r = app.moshao.replayer!;
let t = performance.now(); await r.prepare(); console.error('index load', (performance.now() - t).toFixed(0));
const h = monitorEventLoopDelay({ resolution: 5 }); h.enable();
for (const to of [REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS, Date.parse('2023-10-17T09:30:00+08:00'), Date.parse('2023-02-01T00:00:00+08:00'), Date.parse('2023-12-01T00:00:00+08:00')]) {
  h.reset(); t = performance.now(); const res = await r.seekTo(to); console.error(new Date(to).toISOString(), res.changed, (performance.now() - t).toFixed(0), 'ms; max stall', (h.max / 1e6).toFixed(0));
}
await app.close();
