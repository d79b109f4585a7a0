import { watchChart } from '@/lib/chart/watch-chart';
import { CHART_MATCHES } from '@/lib/scope/chart-hosts';
import { runChartContent } from './chart-content';

/**
 * Reads the chart's symbol and tells the background; places the overlay frame. Kept tiny on purpose
 * (no zod, no UI framework, no storage wrapper): it runs on every chart tab, and TradingView is heavy.
 * It reports the symbol as shown; the background applies the trader's symbol map (see watch-chart.ts).
 * The other charting sites have their own scripts (entrypoints/<site>.content), registered only while
 * the trader has switched the site on.
 */
export default defineContentScript({
  matches: CHART_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    runChartContent(ctx, { label: 'TradingView', start: (send) => watchChart({ doc: document, send }) });
  },
});
