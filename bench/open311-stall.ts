/**
 * The stall attack of docs/RELIABILITY.md, from outside: a few anonymous clients send the Open311 search whose
 * service_code lists one code hundreds of times, back to back, while another client asks GET /api/health every
 * 50 ms and times it. Prints the worst and median health latency and how the attack's requests were answered.
 *
 *   npx tsx bench/open311-stall.ts http://127.0.0.1:3000 [seconds=30] [attackers=4] [repeats=400]
 *
 * Point it at a server on a throwaway database (MOSHAO_DB=/tmp/...): it reads only, but it is meant to hurt.
 */
const [base = 'http://127.0.0.1:3000', secondsArg = '30', attackersArg = '4', repeatsArg = '400'] = process.argv.slice(2);
const DURATION_MS = Number(secondsArg) * 1000;
const ATTACKERS = Number(attackersArg);
const REPEATS = Number(repeatsArg);
const HEALTH_EVERY_MS = 50;

const attackUrl = `${base}/open311/v2/requests.json?service_code=${Array(REPEATS).fill('road').join(',')}`;

async function timed(url: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

async function main(): Promise<void> {
  const end = performance.now() + DURATION_MS;
  const attackMs: number[] = [];
  const statuses = new Map<number, number>();
  const attackers = Array.from({ length: ATTACKERS }, async () => {
    while (performance.now() < end) {
      const r = await timed(attackUrl);
      attackMs.push(r.ms);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }
  });
  const healthMs: number[] = [];
  const health = (async () => {
    while (performance.now() < end) {
      healthMs.push((await timed(`${base}/api/health`)).ms);
      await new Promise((r) => setTimeout(r, HEALTH_EVERY_MS));
    }
  })();
  await Promise.all([...attackers, health]);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const pct = (xs: number[], p: number) => sorted(xs)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(`attack: ${ATTACKERS} clients x GET requests.json with service_code "road" x${REPEATS} (${attackUrl.length} characters) for ${secondsArg} s`);
  console.log(`  answered ${attackMs.length}: ${[...statuses].map(([s, n]) => `${n}x ${s}`).join(', ')}; median ${f(pct(attackMs, 0.5))}, worst ${f(Math.max(...attackMs))}`);
  console.log(`/api/health: ${healthMs.length} answered; median ${f(pct(healthMs, 0.5))}, p99 ${f(pct(healthMs, 0.99))}, worst ${f(Math.max(...healthMs))}`);
}

await main();
