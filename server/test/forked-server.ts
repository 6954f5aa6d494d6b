import { dirname, join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../../scripts/server-process.js';
import { SESSION_COOKIE } from '../../shared/schemas/auth.js';

export const FORK_TOKEN = 'forked-intake-token-0123456789';
export const FORK_ADMIN_PASSWORD = 'forked-admin-password';
/** A first start generates the demo world: about 20 s alone on two cores, over a minute when they are shared. */
const READY_TIMEOUT_MS = 300_000;

export type ForkedServer = ServerProcess;

/**
 * The real server (server/main.ts through tsx, as `npm run dev` runs it: no build needed) in a child process on a
 * database file, on a port the system picks; resolves once it listens. Every setting the server reads is fixed here,
 * so a developer's own MOSHAO_* variables cannot change the test; `env` adds or overrides.
 */
export function forkServer(dbPath: string, env: Record<string, string> = {}): Promise<ForkedServer> {
  return startServerProcess({
    entry: 'source',
    timeoutMs: READY_TIMEOUT_MS,
    env: {
      MOSHAO_MODE: 'demo', MOSHAO_DB: dbPath,
      MOSHAO_INTAKE_TOKEN: FORK_TOKEN, MOSHAO_ADMIN_PASSWORD: FORK_ADMIN_PASSWORD, MOSHAO_REPLAY_SPEED: '600',
      MOSHAO_REPLAY_LOOP: 'true', MOSHAO_BACKUP_DIR: '', MOSHAO_REPORTS_DIR: join(dirname(dbPath), 'reports'), MOSHAO_LOG_LEVEL: 'info', MOSHAO_LOG_PRETTY: 'false', MOSHAO_METRICS_TOKEN: '',
      // The suites drive intake as fast as it goes, far above one token's real budget.
      MOSHAO_INTAKE_PER_MINUTE: '1000000', MOSHAO_INTAKE_BURST: '1000000', ...env,
    },
  });
}

export type AdminSession = { cookie: string; 'x-csrf-token': string };

/** Logs in as admin: the session cookie and the CSRF token of cookie-authenticated writes. */
export async function loginAdmin(base: string): Promise<AdminSession> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: FORK_ADMIN_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** POST /api/replay as admin. */
export async function replayCommand(base: string, session: AdminSession, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}/api/replay`, { method: 'POST', headers: { 'content-type': 'application/json', ...session }, body: JSON.stringify(body) });
}

export interface IntakeAnswer {
  key: string;
  status: number | 'no-answer';
  id?: number;
}

/** The body of the intake request sent with `key` (a retry must send the same body, or it is a 422). */
export const intakeBody = (key: string, gridId: string) => ({
  category: 'lamp', title: `路灯不亮 ${key}`, description: '楼前路灯不亮', channel: 'mini_program', reporterRole: 'resident',
  gridId, address: '3号楼',
});

/** The cell a key's ticket is reported in: the same for the request and every retry of it (else the retry is a 422). */
export function cellFor(key: string, cells: string[]): string {
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return cells[h % cells.length];
}

/** One intake request (a resident's report from the mini program) with an Idempotency-Key; never throws. */
export async function postTicket(base: string, key: string, gridId: string): Promise<IntakeAnswer> {
  try {
    const res = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${FORK_TOKEN}`, 'idempotency-key': key },
      body: JSON.stringify(intakeBody(key, gridId)),
    });
    const body = (await res.json()) as { id?: number };
    return { key, status: res.status, id: body.id };
  } catch {
    // The connection died with the server: the client cannot know whether the ticket was written.
    return { key, status: 'no-answer' };
  }
}

/**
 * Posts tickets with fresh keys from `workers` parallel loops until stop() is called; every answer is collected,
 * including the requests that the kill cut off.
 */
export function driveIntake(base: string, cells: string[], keyPrefix: string, workers = 6) {
  const answers: IntakeAnswer[] = [];
  let running = true;
  let n = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const key = `${keyPrefix}-${n++}`;
      const answer = await postTicket(base, key, cellFor(key, cells));
      answers.push(answer);
      if (answer.status === 'no-answer') return;
    }
  });
  return {
    answers,
    async stop(): Promise<IntakeAnswer[]> {
      running = false;
      await Promise.all(loops);
      return answers;
    },
  };
}
