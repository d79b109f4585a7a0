import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          // The DOM's files say so; the rest opt out (`// @vitest-environment node`): a happy-dom window
          // per file was a third of the unit run.
          environment: 'happy-dom',
          // Vitest's default on 2 cores is one worker.
          maxWorkers: 2,
          restoreMocks: true,
        },
      },
      {
        plugins: [WxtVitest()],
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          // Some flows (a tapped overlay in the secret audit, three views entering at once) take
          // 30-45 s on a busy 2-core machine; the bound still ends a hung test.
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
