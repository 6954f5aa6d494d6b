/**
 * Closes the process gracefully on SIGINT or SIGTERM, once: `close` runs (the server, then whatever it was joined to)
 * and the process exits 0, or 1 with the error printed. The one process, a writer and an edge all stop this way.
 */
export function closeOnSignals(close: () => Promise<unknown>, progress: (line: string) => void): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    progress(`${signal}: closing`);
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
