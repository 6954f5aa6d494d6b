import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';

/**
 * A second process that keeps one core busy (a bare `node -e` busy loop), so a figure is taken on a loaded machine as
 * walls and servers share theirs, not on a quiet one. Stopped by its own PID; the 1-minute load average is read on
 * stop, after the burner and the measured work have run side by side.
 */
export function startBurner(): { pid: number; stop: () => Promise<{ load: number }> } {
  const proc = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    pid: proc.pid ?? -1,
    async stop() {
      const load = loadavg()[0];
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
      return { load };
    },
  };
}
