import { configDefaults, defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/**
 * Browser files that time the extension's answers (a latency bound, not just an outcome): they run
 * one at a time after the others (project `browser-alone`), so no second browser on the same cores is
 * timed with them. `npm run test:browser` runs both projects (`--project 'browser*'`).
 */
const BROWSER_ALONE = ['tests/browser/faults-flood.test.ts'];

const browserTimeouts = {
  // Some flows (a tapped overlay in the secret audit, three views entering at once) take
  // 30-45 s on a busy 2-core machine; the bound still ends a hung test.
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

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
          maxWorkers: 2,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...BROWSER_ALONE],
          environment: 'node',
          ...browserTimeouts,
          // Two files at a time: each has its own browser, profile and test server on a free port
          // (Firefox too: tests/browser/harness/firefox.ts), and most of a browser test is waiting
          // (dwell, settle, the pause that proves nothing more was sent), so a second file fills it.
          // Vitest's own default on 2 cores is one.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser-alone',
          include: BROWSER_ALONE,
          environment: 'node',
          ...browserTimeouts,
          maxWorkers: 1,
          // After the `browser` project's files (group 0), never beside them.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
