import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/** The only hosts the extension may touch: the Options Auto Trader API and TradingView charts. */
export const API_ORIGIN = 'https://app.optionsautotrader.com';
const TRADINGVIEW = '*://*.tradingview.com/*';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Options Auto Trader: Chart Trader',
    description:
      'Enter and exit Options Auto Trader bot trades from the TradingView chart you are looking at.',
    permissions: ['storage', 'alarms', 'notifications'],
    host_permissions: [`${API_ORIGIN}/*`, TRADINGVIEW],
    web_accessible_resources:
      browser === 'firefox' ? ['overlay.html'] : [{ resources: ['overlay.html'], matches: [TRADINGVIEW] }],
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'chart-trader@optionsautotrader.example', strict_min_version: '115.0' },
          },
        }
      : {}),
  }),
});
