import { stockcharts } from '@/lib/chart/sites/stockcharts';
import { runPageSite } from '../tradingview.content/page-site';

/** Registered at run time, only while the trader has the site switched on (entrypoints/background/chart-sites.ts). */
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    runPageSite(ctx, stockcharts);
  },
});
