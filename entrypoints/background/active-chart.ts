import { browser } from 'wxt/browser';
import { applySymbolMap, dropExchange } from '@/lib/chart/underlying';
import type { ActiveChart, Settings } from '@/lib/messaging/protocol';
import type { ChartTabs } from './chart-tabs';

/**
 * How long the active tab may take to answer before the popup's ticket starts empty: its content
 * script answers at once, and one that never does (a page that broke it) must not leave the ticket waiting.
 */
export const ACTIVE_CHART_WAIT_MS = 1500;

export interface ActiveChartDeps {
  chartTabs: ChartTabs;
  settings: () => Promise<Settings>;
  /** The tab the trader is looking at; by default the active tab of the last focused window. */
  activeTab?: () => Promise<number | null>;
}

/** The active tab of the window the trader last used: the one behind the toolbar popup. */
export async function activeTabId(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id ?? null;
}

function within<T>(work: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((ok) => {
    timer = setTimeout(() => ok(null), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const none = (reason: Extract<ActiveChart, { status: 'none' }>['reason'], detail = ''): ActiveChart => ({
  status: 'none',
  reason,
  detail,
});

/**
 * The chart in the active tab, for the popup's ticket to start from, by the overlay's own rules: the
 * tab is asked now (the click-time re-read: a chart page of a permitted host whose content script
 * placed our panel there, the chart as it stands), the symbol must be settled and tradable with the
 * trader's map, and the price comes from the chart's title only while the title names that very
 * symbol. Any doubt gives no chart and why. A hint for the ticket only: nothing here places an order.
 */
export async function readActiveChart(deps: ActiveChartDeps): Promise<ActiveChart> {
  const tabId = await (deps.activeTab ?? activeTabId)().catch(() => null);
  if (tabId === null) return none('noChart');
  // Null for a tab that is not a chart page of a site switched on, has no content script of ours,
  // has no panel of ours placed (the script answers only once its frame exists), or answers junk.
  const answer = await within(deps.chartTabs.reread(tabId), ACTIVE_CHART_WAIT_MS);
  if (answer === null) return none('noChart');
  const report = applySymbolMap(answer.report, (await deps.settings()).symbolMap);
  if (report.state === 'unsupported') return none('untradable', report.reason);
  if (report.state !== 'ready' || report.underlying === null || report.symbol === null)
    return none('notSettled', report.reason);
  const shown = dropExchange(report.symbol);
  // A mapped ticker (`ES1!` → `SPY`) shows another instrument's price: the trader types the underlying's.
  const mapped = report.underlying !== shown;
  const quote = mapped ? null : await within(deps.chartTabs.quote(tabId), ACTIVE_CHART_WAIT_MS);
  // The title must name the symbol just read: one that changed meanwhile gives no price.
  const ticker = quote?.ticker ?? null;
  const price = ticker !== null && dropExchange(ticker) === shown ? (quote?.price ?? null) : null;
  return {
    status: 'ready',
    underlying: report.underlying,
    shown: report.symbol,
    exchange: report.exchange,
    mapped,
    price,
  };
}
