import { finviz } from '@/lib/chart/sites/finviz';
import { runPageSite } from '../tradingview.content/page-site';

/** Registered at run time, only while the trader has the site switched on (entrypoints/background/chart-sites.ts). */
export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  main(ctx) {
    runPageSite(ctx, finviz);
  },
});
