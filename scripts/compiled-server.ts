import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { COMPILED_MAIN, REPO_ROOT } from './build-server.js';

/** The compiled server run the way an operator runs it: `node dist/server/server/main.js`, configured by environment. */
export interface CompiledServer {
  proc: ChildProcess;
  /** The port main.js says it listens on (PORT=0 unless the caller sets one: the system picks a free port). */
  port: number;
  /** performance.now() just before spawn(): cold-start timing starts here. */
  spawnedAt: number;
  /** performance.now() when main.js said it was listening. */
  listeningAt: number;
  /** Everything main.js wrote on stderr so far (its progress lines). */
  lines: string[];
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
}

const LISTENING = /wall on http:\/\/[^/]+:(\d+)\//;

/** Spawns the compiled main.js and resolves once it says where it listens (callers then wait for /api/health). */
export async function startCompiledServer(
  env: Record<string, string>,
  opts: { timeoutMs?: number; nodeFlags?: string[]; onLine?: (line: string) => void } = {},
): Promise<CompiledServer> {
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeFlags ?? []), COMPILED_MAIN], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines: string[] = [];
  let listeningAt = 0;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited.finally(() => clearTimeout(timer));
    }
    return exited;
  };

  const timeoutMs = opts.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const port = await new Promise<number>((resolve, reject) => {
      createInterface({ input: proc.stderr! }).on('line', (line) => {
        lines.push(line);
        opts.onLine?.(line);
        const m = LISTENING.exec(line);
        if (m) {
          listeningAt = performance.now();
          resolve(Number(m[1]));
        }
      });
      proc.once('error', reject);
      void exited.then((code) => reject(new Error(`main.js exited (code ${code}) before listening:\n${lines.slice(-5).join('\n')}`)));
      timer = setTimeout(() => reject(new Error(`main.js not listening after ${timeoutMs} ms:\n${lines.slice(-5).join('\n')}`)), timeoutMs);
    });
    return { proc, port, spawnedAt, listeningAt, lines, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
