import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects so that `--project <name>` runs one part: node (server, fixtures, shared, bench), client (React +
 * ECharts in jsdom) and browser (the built wall in real Chromium). `--mode fast` (`npm run test:fast`, the inner loop)
 * leaves the node project's slow files out. No test asserts how fast anything runs: that is `npm run bench`'s, against
 * a baseline measured in the same run.
 */
/** Real server processes, Redis, the whole fixture year, fuzzing and the compiled build: only `npm test` runs them. */
const SLOW_NODE_TESTS = [
  'server/crash-safety.test.ts', 'server/backup.test.ts', 'server/main.test.ts', 'server/world/cli.test.ts',
  'server/cluster/**/*.test.ts', 'server/replay/full-year.test.ts', 'server/routes/hostile-input.test.ts', 'fixtures/generate.test.ts',
];

export default defineConfig(({ mode }) => ({
  test: {
    // One file at a time (vitest's default on two cores, said here). Two at a time was tried: a clean-clone CI run took
    // 1,011 s against 1,045 s for one, and the edge's Chromium test lost its push beside a busy node file while it
    // passes alone: no time won on two cores, and a red run lands nothing.
    maxWorkers: 1,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['server/**/*.test.ts', 'fixtures/**/*.test.ts', 'bench/**/*.test.ts', 'shared/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/browser/guard.test.ts'],
          exclude: [...configDefaults.exclude, ...(mode === 'fast' ? SLOW_NODE_TESTS : [])],
          testTimeout: 60_000,
          // Set-up builds worlds and opens servers: on a loaded two-core machine that can take well over vitest's 10 s.
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'client',
          environment: 'jsdom',
          include: ['client/**/*.test.{ts,tsx}'],
          setupFiles: ['client/test/setup.ts'],
          // A file's first render loads React and ECharts into jsdom: seconds on a busy two-core machine, past vitest's 5 s.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          // The guard's own unit test needs no browser: the node project runs it.
          exclude: [...configDefaults.exclude, 'test/browser/guard.test.ts'],
          // Builds the client and drives one Chromium: slow, and the files must not fight over dist/ or the CPU.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // expect.poll waits for what a page does next (a tap's result, a read through the service worker, an
          // IndexedDB write): vitest's 1 s is a deadline that a page beside a busy file on two cores can miss.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
}));
