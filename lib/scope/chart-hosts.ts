/**
 * Where the extension works: TradingView's chart pages over https, on the hosts TradingView serves
 * charts from, and nowhere else. One list for the manifest (host permissions, content script,
 * web-accessible overlay) and for the background's sender and re-read checks, so they cannot drift.
 *
 * The regional hosts are those seen serving `/chart/` pages in public links and scripts
 * (uk., in., de., br., kr., tr., jp.): other subdomains (blogs, widgets, `charts-node.`, a subdomain
 * an attacker gets content on) are not chart pages and get nothing.
 */
export const CHART_HOSTS = [
  'www.tradingview.com',
  'uk.tradingview.com',
  'in.tradingview.com',
  'de.tradingview.com',
  'br.tradingview.com',
  'kr.tradingview.com',
  'tr.tradingview.com',
  'jp.tradingview.com',
] as const;

/** Match patterns of the chart pages (content script, host permissions). */
export const CHART_MATCHES: string[] = CHART_HOSTS.map((host) => `https://${host}/chart/*`);

/** Match patterns of the chart hosts' origins (web-accessible `matches` take an origin, path `/*`). */
export const CHART_ORIGINS: string[] = CHART_HOSTS.map((host) => `https://${host}/*`);

/** Is this a TradingView chart page the extension may read and trade from? */
export function isChartUrl(url: string | URL | undefined): boolean {
  if (url === undefined) return false;
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    (CHART_HOSTS as readonly string[]).includes(parsed.hostname) &&
    parsed.pathname.startsWith('/chart/')
  );
}
