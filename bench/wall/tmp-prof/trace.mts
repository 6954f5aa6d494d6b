import { chromium } from 'playwright-core';
import { buildApp } from '../../../server/app.js';
const app = await buildApp({ dbPath: ':memory:', mode: 'demo', ticketScale: 1, clientDir: '/work/main/dist/client', autoPlay: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
const r = app.moshao.replayer!;
await r.command({ action: 'seek', to: '2023-03-01T08:00:00+08:00' });
await r.command({ action: 'speed', speed: Number(process.env.SPEED ?? 3600) });
if (process.env.PAUSE !== '1') await r.command({ action: 'play' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', ...(process.env.ARGS ? process.env.ARGS.split(' ') : [])] });
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
const page = await context.newPage();
await page.goto(`http://127.0.0.1:${port}/${process.env.QS ?? ''}`);
await page.waitForTimeout(12000);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
await page.waitForTimeout(Number(process.env.TRACE_MS ?? 5000));
const buf = await browser.stopTracing();
const events = JSON.parse(buf.toString()).traceEvents as { name: string; ph: string; dur?: number; tid: number; pid: number; args?: { data?: { frame?: string } } }[];
const threads = new Map<string, number>();
const byName = new Map<string, number>();
// main thread: the one with most FunctionCall
const tidCount = new Map<number, number>();
for (const e of events) if (e.name === 'FunctionCall' || e.name === 'Paint') tidCount.set(e.tid, (tidCount.get(e.tid) ?? 0) + 1);
const main = [...tidCount].sort((a, b) => b[1] - a[1])[0][0];
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  threads.set(String(e.tid), (threads.get(String(e.tid)) ?? 0) + e.dur);
  if (e.tid !== main) continue;
  byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
}
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log((v / 1000).toFixed(1).padStart(8), k);
type Ev = { name: string; ph: string; ts: number; dur?: number; tid: number; args?: { data?: { functionName?: string; url?: string; lineNumber?: number; type?: string } } };
const mainEvents = (events as unknown as Ev[]).filter((e) => e.tid === main && e.ph === 'X' && e.dur);
const longs = mainEvents.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
console.log('long RunTasks', longs.length);
for (const lt of longs) {
  const inside = mainEvents.filter((e) => e !== lt && e.ts >= lt.ts && e.ts + e.dur! <= lt.ts + lt.dur! + 1);
  const top = new Map<string, number>();
  for (const e of inside) {
    if (!['FunctionCall', 'FireAnimationFrame', 'TimerFire', 'Commit', 'Layerize', 'UpdateLayoutTree', 'Paint', 'Layout', 'EventDispatch', 'V8.GC_SCAVENGER', 'MajorGC', 'MinorGC', 'XHRReadyStateChange', 'ParseHTML', 'EvaluateScript'].includes(e.name)) continue;
    const d = e.args?.data;
    const key = e.name === 'FunctionCall' ? `FunctionCall ${d?.functionName ?? ''} ${(d?.url ?? '').split('/').pop()}:${d?.lineNumber ?? ''}` : e.name + (d?.type ? ` ${d.type}` : '');
    top.set(key, (top.get(key) ?? 0) + e.dur!);
  }
  const prevB = mainEvents.filter((e) => e.name === 'FunctionCall' && e.ts < lt.ts && (e.args?.data?.functionName ?? '').length > 0 && e.dur! > 15_000).pop();
  console.log(`-- at ${((lt.ts - longs[0].ts) / 1000).toFixed(0)} ms, ${(lt.dur! / 1000).toFixed(0)} ms (prev big fn ${prevB ? `${prevB.args?.data?.functionName} ${((lt.ts - prevB.ts) / 1000).toFixed(0)} ms before` : '-'}):`, [...top].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k}=${(v / 1000).toFixed(0)}`).join(' | '));
}
await browser.close();
await app.close();
