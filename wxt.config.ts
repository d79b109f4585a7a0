import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { CHART_MATCHES, CHART_ORIGINS } from './lib/scope/chart-hosts';
import { OPTIONAL_MATCHES } from './lib/scope/optional-sites';
import { normalizeZip } from './scripts/reproducible-zip';

/** The only hosts the extension may touch: the Options Auto Trader API and TradingView's chart pages (https). */
export const API_ORIGIN = 'https://app.optionsautotrader.com';

export default defineConfig({
  // @wxt-dev/i18n turns locales/en.json (the catalogue of words, lib/words.ts) into _locales/.
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  // The reproducibility check (scripts/check-reproducible-zips.ts) builds a second time elsewhere.
  outDir: process.env.OAT_OUT_DIR ?? '.output',
  zip: {
    // Left-overs of test and bench runs are not sources; the AMO reviewer gets what git tracks.
    excludeSources: ['test-results/**', 'bench/tmp/**', '**/*.log'],
  },
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // Same commit, same bytes: both stores compare what we upload with what our sources build.
    'zip:extension:done': (_wxt, zipPath) => normalizeZip(zipPath),
    'zip:sources:done': (_wxt, zipPath) => normalizeZip(zipPath),
    // The content script and the views (the overlay loads on every chart) must stay small: they use
    // the browser's own promise-based API (chrome.* in MV3, browser.* in Firefox) instead of
    // webextension-polyfill, ~3 kB gzip each. The worker, which owns every API call, keeps it.
    // Every bundle, the worker's too, reads the catalogue of words through browser.i18n
    // (lib/words-lookup.browser.ts) instead of carrying locales/en.json, which only Node reads.
    'vite:build:extendConfig': (entrypoints, config) => {
      const alias = config.resolve?.alias;
      const words = {
        find: /^\.\/words-lookup$/,
        replacement: fileURLToPath(new URL('./lib/words-lookup.browser.ts', import.meta.url)),
      };
      const native = { find: /^wxt\/browser$/, replacement: '@wxt-dev/browser' };
      const first = entrypoints.some((e) => e.type === 'background') ? [words] : [words, native];
      config.resolve = {
        ...config.resolve,
        alias: Array.isArray(alias)
          ? [...first, ...alias]
          : [...first, ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }))],
      };
    },
  },
  manifest: ({ browser }) => ({
    // From the catalogue (locales/en.json), as the stores read them; store/listing.md repeats them.
    default_locale: 'en',
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    // scripting: the other charting sites' content scripts are registered only while switched on.
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    // Keys are the trader's to assign (the browser's shortcuts page): none is forced on them.
    commands: {
      'enter-via-default-bot': { description: '__MSG_commandEnterViaDefaultBot__' },
      'exit-newest-on-chart': { description: '__MSG_commandExitNewestOnChart__' },
      'pause-entries': { description: '__MSG_commandPauseEntries__' },
    },
    host_permissions: [`${API_ORIGIN}/*`, ...CHART_MATCHES],
    // The install asks for TradingView only: each other charting site is asked for when the trader
    // switches it on in Settings (README "Other charting sites"). MV2 names them optional_permissions.
    ...(browser === 'firefox'
      ? { optional_permissions: OPTIONAL_MATCHES }
      : { optional_host_permissions: OPTIONAL_MATCHES }),
    // Chrome: only chart hosts may load the overlay, and only under a per-session URL (use_dynamic_url),
    // so neither the store id nor an old URL frames it. Firefox MV2 cannot limit the entry by site; there
    // the background binds each tab to the one frame its content script made, and every other copy of
    // the page is inert (README, "Threat model").
    web_accessible_resources:
      browser === 'firefox'
        ? ['overlay.html']
        : [
            {
              resources: ['overlay.html'],
              // The optional sites' origins are the same patterns: listing them grants nothing.
              matches: [...CHART_ORIGINS, ...OPTIONAL_MATCHES],
              use_dynamic_url: true,
            },
          ],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // 140 is the current ESR, the one tested; it reads the data-collection declaration.
            gecko: {
              id: 'chart-trader@optionsautotrader.example',
              strict_min_version: '140.0',
              // What PRIVACY.md says leaves the browser, in Mozilla's words (it counts any transmission,
              // even to the trader's own account): the webhook secret and the orders, in Live mode,
              // to app.optionsautotrader.com only. tests/browser/store.test.ts keeps the two in step.
              data_collection_permissions: { required: ['authenticationInfo', 'financialAndPaymentInfo'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
