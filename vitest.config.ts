import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Four projects so that `--project <name>` runs one part: node (server, fixtures, shared), client (React + ECharts in
 * jsdom), browser (the built wall in real Chromium) and timing (tests that watch the event loop: `npm test` runs them
 * on their own after the rest, since another test file sharing the two cores would stall the loop they measure).
 */
const TIMING_TESTS = 'server/**/*.timing.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['server/**/*.test.ts', 'fixtures/**/*.test.ts', 'bench/**/*.test.ts', 'shared/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/docs/**/*.test.ts', 'test/browser/guard.test.ts'],
          exclude: [...configDefaults.exclude, TIMING_TESTS],
          testTimeout: 60_000,
          // Set-up builds worlds and opens servers: on a loaded two-core machine that can take well over vitest's 10 s.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'timing',
          environment: 'node',
          include: [TIMING_TESTS],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'client',
          environment: 'jsdom',
          include: ['client/**/*.test.{ts,tsx}'],
          setupFiles: ['client/test/setup.ts'],
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
        },
      },
    ],
  },
});
