/**
 * Intake while people loop seeks: a copy of the world database served on a real port, the timeline loaded, then for
 * `seconds` four callers (an anonymous wall, and the admin, dingmao and viewer sessions, each on its own socket) send
 * seeks to pseudo-random instants as fast as their answers come, while one client files a ticket every 50 ms over
 * HTTP. Times each filing (and the same for 3 s without seeks, first). Prints one JSON line.
 * argv: <db: a copy of the world database> [seconds, default 10]
 */
import { io as connect, type Socket } from 'socket.io-client';
import { REPLAY_YEAR_END_MS, REPLAY_YEAR_START_MS } from '../../shared/constants.js';
import { buildApp } from '../../server/app.js';

const [dbPath, secondsArg] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: seek-loop.ts <db> [seconds]');
const seconds = Number(secondsArg ?? 10);
const TOKEN = 'bench-seek-loop-intake-token';
const PASSWORD = 'bench-seek-loop-password-1';
const app = await buildApp({
  dbPath, mode: 'demo', autoPlay: false, clientDir: '/nonexistent', intakeToken: TOKEN, adminPassword: PASSWORD,
  budgets: { intake: { perMinute: 1_000_000, burst: 1_000_000 } },
});
const admin = { kind: 'account', accountId: 1, username: 'admin', role: 'admin', townCode: null } as const;
for (const role of ['district', 'viewer'] as const) {
  await app.moshao.auth.accounts.create(admin, { username: `bench-${role}`, password: PASSWORD, role }, 'bench');
}
await app.moshao.replayer!.prepare();
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const gridId = (app.moshao.db.prepare('SELECT id FROM grid_cells ORDER BY id LIMIT 1').get() as { id: string }).id;

const login = async (username: string, password: string): Promise<string> => {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
};
const cookies = [undefined, ...(await Promise.all(['admin', 'bench-district', 'bench-viewer'].map((u) => login(u, PASSWORD))))];
const sockets: Socket[] = await Promise.all(cookies.map((cookie) => new Promise<Socket>((resolve, reject) => {
  const s = connect(base, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  s.once('connect', () => resolve(s));
  s.once('connect_error', reject);
})));

const fileEvery = async (until: () => boolean): Promise<number[]> => {
  const ms: number[] = [];
  while (!until()) {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/tickets`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ category: 'road', title: '井盖缺失', channel: 'resident', reporterRole: 'resident', gridId }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
    ms.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  return ms;
};

const quietEnd = performance.now() + 3000;
const quietMs = await fileEvery(() => performance.now() > quietEnd);

let x = 20231017;
const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
const answers = { ran: 0, superseded: 0, limited: 0, other: 0 };
const jumpsBefore = app.moshao.replayer!.jumps ?? 0;
const end = performance.now() + seconds * 1000;
const over = () => performance.now() > end;
const seekLoop = async (s: Socket) => {
  while (!over()) {
    const to = REPLAY_YEAR_START_MS + Math.floor(next() * (REPLAY_YEAR_END_MS - REPLAY_YEAR_START_MS));
    const a = await s.timeout(30_000).emitWithAck('replay:command', { action: 'seek', to }) as { ok: boolean; error?: string };
    if (a.ok) answers.ran += 1;
    else if (/newer seek/.test(a.error ?? '')) answers.superseded += 1;
    else if (/seek every|already in progress/.test(a.error ?? '')) answers.limited += 1;
    else answers.other += 1;
    await new Promise((r) => setTimeout(r, 20));
  }
};
const [loopMs] = await Promise.all([fileEvery(over), ...sockets.map(seekLoop)]);
const jumps = (app.moshao.replayer!.jumps ?? Number.NaN) - jumpsBefore;
for (const s of sockets) s.close();
await app.close();
process.stdout.write(`${JSON.stringify({ quietMs, loopMs, answers, jumps, callers: sockets.length, seconds })}\n`);
