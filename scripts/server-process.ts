import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './build-server.js';

/**
 * The one way to run Moshao's server in a child process, for tests, scripts and benchmarks: `server/main.ts` through
 * tsx (`entry: 'source'`, what `npm run dev` runs, no build needed) or the compiled `dist/server/server/main.js`
 * (`entry: 'compiled'`, what `npm run serve` runs: build it first). Configured by environment like an operator's
 * start; PORT=0 unless the caller sets one, and the port comes from main's "wall on http://host:port/" line.
 */
export interface ServerProcessOptions {
  entry: 'source' | 'compiled';
  /** MOSHAO_*, PORT, HOST...: laid over this process's environment. */
  env?: Record<string, string>;
  /** Another checkout to run (a baseline build); this repository by default. */
  root?: string;
  nodeFlags?: string[];
  /** How long to wait for the "wall on" line (the first start generates the world). */
  timeoutMs?: number;
  /** Every stderr line as it comes (progress lines), e.g. to pass them through. */
  onLine?: (line: string) => void;
}

export interface ServerProcess {
  proc: ChildProcess;
  pid: number;
  port: number;
  /** http://127.0.0.1:<port> (the host main listens on). */
  base: string;
  /** performance.now() just before spawn(): cold-start timing starts here. */
  spawnedAt: number;
  /** performance.now() when main said it was listening. */
  listeningAt: number;
  /** Every stderr line so far. */
  lines: string[];
  /** The stderr lines as one text, for failure messages. */
  output: () => string;
  /** SIGKILL: no handler runs, no close, no checkpoint — what a power cut does to the process. */
  kill: () => Promise<void>;
  /** SIGTERM (main's graceful close), SIGKILL after 10 s; resolves with the exit code (null when killed by a signal). */
  stop: () => Promise<number | null>;
  /** Whether it exited without being asked (a crash at start-up or later). */
  exitedByItself: () => boolean;
}

const LISTENING = /wall on http:\/\/([^/:]+):(\d+)\//;
const ENTRIES = { source: ['--import', 'tsx', 'server/main.ts'], compiled: [join('dist', 'server', 'server', 'main.js')] };

export async function startServerProcess(opts: ServerProcessOptions): Promise<ServerProcess> {
  const root = opts.root ?? REPO_ROOT;
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeFlags ?? []), ...ENTRIES[opts.entry]], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  const output = () => lines.join('\n');
  let askedToExit = false;
  let listeningAt = 0;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const signal = async (sig: NodeJS.Signals) => {
    askedToExit = true;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(sig);
    return exited;
  };
  const stop = async () => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    return signal('SIGTERM').finally(() => clearTimeout(timer));
  };

  const timeoutMs = opts.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const [host, port] = await new Promise<[string, number]>((resolve, reject) => {
      createInterface({ input: proc.stderr! }).on('line', (line) => {
        lines.push(line);
        opts.onLine?.(line);
        const m = LISTENING.exec(line);
        if (m) {
          listeningAt = performance.now();
          resolve([m[1], Number(m[2])]);
        }
      });
      proc.once('error', reject);
      void exited.then((code) => reject(new Error(`${ENTRIES[opts.entry].at(-1)} exited (code ${code}) before listening:\n${output()}`)));
      timer = setTimeout(() => reject(new Error(`${ENTRIES[opts.entry].at(-1)} not listening after ${timeoutMs} ms:\n${output()}`)), timeoutMs);
    });
    return {
      proc, pid: proc.pid!, port, base: `http://${host}:${port}`, spawnedAt, listeningAt, lines, output,
      kill: async () => void (await signal('SIGKILL')),
      stop,
      exitedByItself: () => (proc.exitCode !== null || proc.signalCode !== null) && !askedToExit,
    };
  } catch (err) {
    await signal('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
