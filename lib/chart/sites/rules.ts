import { barchartSymbolRule } from './barchart';
import { finvizSymbolRule } from './finviz';
import { stockchartsSymbolRule } from './stockcharts';
import { trendspiderSymbolRule } from './trendspider';
import type { Certainty, SiteId, SiteSymbolRule } from './types';
import { yahooSymbolRule } from './yahoo';

/**
 * What the background knows of each site: its own symbol rules, and whether it can ever be read from
 * two sources (a `confirm` site's report is never taken as ready without the trader's confirmation,
 * whatever its content script says).
 */
export const SITE_RULES: Record<SiteId, { certainty: Certainty; rule: SiteSymbolRule }> = {
  tradingview: { certainty: 'agree', rule: () => null },
  yahoo: { certainty: 'agree', rule: yahooSymbolRule },
  barchart: { certainty: 'agree', rule: barchartSymbolRule },
  finviz: { certainty: 'agree', rule: finvizSymbolRule },
  stockcharts: { certainty: 'confirm', rule: stockchartsSymbolRule },
  trendspider: { certainty: 'confirm', rule: trendspiderSymbolRule },
};
