import type { OptionalSiteId, SiteId } from '../chart/sites/types';
import { isChartUrl } from './chart-hosts';

/**
 * The other charting sites: off until the trader switches each on in Settings, which asks the browser
 * for the site's host permission at that moment (optional host permissions) and registers its content
 * script (entrypoints/background/chart-sites.ts). A site counts only while its permission is granted.
 * Whole hosts, not paths: the sites change symbol by in-page navigation, so the reader must already be
 * on the page; it stays away from pages that show no symbol (lib/chart/sites).
 */
export interface OptionalSite {
  id: OptionalSiteId;
  label: string;
  hosts: readonly string[];
  /** Host permission and content script match patterns. */
  matches: readonly string[];
  /** The built content script the background registers for it. */
  script: string;
}

function site(id: OptionalSiteId, label: string, hosts: readonly string[]): OptionalSite {
  return {
    id,
    label,
    hosts,
    matches: hosts.map((h) => `https://${h}/*`),
    script: `content-scripts/${id}.js`,
  };
}

export const OPTIONAL_SITES: readonly OptionalSite[] = [
  site('yahoo', 'Yahoo Finance', ['finance.yahoo.com']),
  site('barchart', 'Barchart', ['www.barchart.com']),
  site('finviz', 'Finviz', ['finviz.com', 'elite.finviz.com']),
  site('stockcharts', 'StockCharts', ['stockcharts.com']),
  site('trendspider', 'TrendSpider', ['charts.trendspider.com']),
];

/** Every optional site's match patterns: the manifest's optional host permissions. */
export const OPTIONAL_MATCHES: string[] = OPTIONAL_SITES.flatMap((s) => s.matches);

/**
 * The charting site this address is a page of, among TradingView's chart pages and the sites switched
 * on (`enabled`); null anywhere else, or for a site that is switched off.
 */
export function chartSiteOf(url: string | URL | undefined, enabled: ReadonlySet<SiteId>): SiteId | null {
  if (isChartUrl(url)) return 'tradingview';
  if (url === undefined) return null;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '') return null;
  const found = OPTIONAL_SITES.find((s) => s.hosts.includes(parsed.hostname));
  return found && enabled.has(found.id) ? found.id : null;
}
