import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects so that `npx vitest run` runs everything and `--project <name>` runs one part:
 * node (server, fixtures, shared), client (React + ECharts in jsdom) and browser (the built wall in real Chromium).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['server/**/*.test.ts', 'fixtures/**/*.test.ts', 'shared/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/browser/guard.test.ts'],
          testTimeout: 60_000,
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
