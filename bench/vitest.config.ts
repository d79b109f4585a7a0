import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing';

/** Only for `npm run bench`: the rate-budget simulation needs WXT's fake browser storage. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [WxtVitest()],
  test: {
    include: ['bench/**/*.bench-sim.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
