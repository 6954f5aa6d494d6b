import { readFileSync } from 'node:fs';

/** CPU time a process's main thread has run, and time it has waited for a core while runnable (Linux, ms). */
export interface ThreadTime {
  cpuMs: number;
  waitMs: number;
}

/**
 * Reads /proc/<pid>/schedstat (the main thread: the one that serves requests; nanoseconds). On a shared machine a
 * latency mixes the work done with the wait for a core; these two tell them apart. Null where /proc has no such file.
 */
export function threadTime(pid: number | undefined): ThreadTime | null {
  if (pid === undefined) return null;
  try {
    const [run, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(run) && Number.isFinite(wait) ? { cpuMs: run / 1e6, waitMs: wait / 1e6 } : null;
  } catch {
    return null;
  }
}

/** Per-request CPU and wait between two readings, as "0.21 ms CPU + 3.1 ms waiting for a core". */
export function perRequest(before: ThreadTime | null, after: ThreadTime | null, requests: number): string {
  if (!before || !after || requests === 0) return 'thread times unavailable';
  const cpu = (after.cpuMs - before.cpuMs) / requests;
  const wait = (after.waitMs - before.waitMs) / requests;
  return `${cpu.toFixed(3)} ms CPU + ${wait.toFixed(3)} ms waiting for a core per request`;
}
