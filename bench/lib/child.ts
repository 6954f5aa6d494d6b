import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Child<T> {
  proc: ChildProcess;
  /** The first JSON line the child printed on stdout (its port, token, timings...). */
  ready: T;
  /** performance.now() when spawn() was called: cold-start timing starts here. */
  spawnedAt: number;
  /** Later JSON lines from stdout, in order. */
  nextMessage(): Promise<unknown>;
  /** Resolves with the exit code when the child ends by itself (jobs do after printing their result). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  args?: string[];
  env?: Record<string, string>;
  nodeFlags?: string[];
  ipc?: boolean;
  /** How long to wait for the ready line before giving up. */
  timeoutMs?: number;
}

/** Path of a bench script relative to bench/. */
export function benchScript(rel: string): string {
  return fileURLToPath(new URL(`../${rel}`, import.meta.url));
}

/**
 * Spawns `node --import tsx <script>` so the measured code runs in its own process, with its own core share, apart
 * from the load generator. The child's stderr is passed through with a prefix; stdout carries one JSON object a line.
 */
export async function spawnChild<T>(name: string, script: string, opts: SpawnOptions = {}): Promise<Child<T>> {
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeFlags ?? []), '--import', 'tsx', benchScript(script), ...(opts.args ?? [])], {
    env: { ...process.env, ...opts.env },
    stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  createInterface({ input: proc.stderr! }).on('line', (line) => process.stderr.write(`  [${name}] ${line}\n`));
  const queue: unknown[] = [];
  const waiters: ((v: unknown) => void)[] = [];
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      process.stderr.write(`  [${name}] ${line}\n`);
      return;
    }
    const w = waiters.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const nextMessage = () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : Promise.race([
          new Promise<unknown>((resolve) => waiters.push(resolve)),
          exited.then((code) => Promise.reject(new Error(`${name} exited (code ${code}) before printing what was expected`))),
        ]);

  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const timeoutMs = opts.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ready = (await Promise.race([
      nextMessage(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${name} not ready after ${timeoutMs} ms`)), timeoutMs))),
    ])) as T;
    return { proc, ready, spawnedAt, nextMessage, exited, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
