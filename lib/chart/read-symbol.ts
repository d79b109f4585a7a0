import { type ChartReport, SETTLE_MS, type SymbolState } from './types';
import { dropExchange, mappedUnderlying, underlyingFor } from './underlying';

/**
 * Pure readers of what TradingView shows, and the one decision of whether the chart's symbol can be
 * traded. Nothing here touches the DOM, the URL or storage: the URL's `?symbol=` lags the chart and
 * localStorage may belong to another tab, so neither is ever a source, not even as a fallback.
 */

/** One pane's legend as read from the page. */
export interface LegendReading {
  /** The legend's main title: the ticker, or the description when the trader set the legend to show it. */
  title: string | null;
  exchange: string | null;
  /** Whether its pane is the active one; null when the pane cannot be found. */
  active: boolean | null;
}

/** Everything read from the page at one moment. */
export interface ChartReading {
  /** `document.title`. */
  title: string | null;
  /** The symbol button's text; null when the button is missing, '' when it is empty. */
  header: string | null;
  /** One per legend, in page order. */
  legends: LegendReading[];
  /** How many chart panes the layout shows. */
  panes: number;
  theme: 'light' | 'dark';
}

export interface ChartSources extends ChartReading {
  now: number;
  /** When the reading (tickers, exchanges, active pane; never the price) last changed. */
  lastChangeAt: number;
}

export interface DecideSettings {
  symbolMap: Readonly<Record<string, string>>;
}

/** No real ticker is this long; longer "tickers" are expressions, and keep reports within the protocol's limits. */
const MAX_TICKER = 32;

const PRICE = /^[+\-\u2212]?\d[\d,]*(?:\.\d+)?$/;
/** Tickers are upper case: a word with lower-case letters is a site title such as "TradingView" or "Live". */
const SYMBOL_WORD = /^[^\sa-z]*[A-Z0-9][^\sa-z]*$/;

/**
 * The ticker of a chart title `TICKER PRICE [▲|▼ ±PCT% | 0%] LAYOUT`, or null for a loading or
 * generic site title. Only the first word is taken, so `ES1!`, `BRK.B`, `D&O`, `CTOS-WC` survive.
 */
export function tickerFromTitle(title: string | null): string | null {
  if (!title) return null;
  const words = title.trim().split(/\s+/, 2);
  const ticker = words[0];
  const price = words[1];
  if (!ticker || !price || !PRICE.test(price) || !SYMBOL_WORD.test(ticker)) return null;
  return ticker;
}

/** The symbol button's first line, without an exchange prefix (`NASDAQ:AAPL` → `AAPL`); null when empty. */
export function tickerFromHeader(text: string | null): string | null {
  if (text === null) return null;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed) return dropExchange(trimmed) || null;
  }
  return null;
}

export interface LegendSymbol {
  /** Null when the legend shows a description (`SPDR S&P 500 ETF Trust`) rather than the ticker. */
  ticker: string | null;
  exchange: string | null;
}

/** The legend's ticker and exchange. A description cannot be compared with the ticker, so it reads as no ticker. */
export function fromLegend(title: string | null, exchange: string | null): LegendSymbol {
  const t = title?.trim() ?? '';
  const ticker = t && SYMBOL_WORD.test(t) ? dropExchange(t) || null : null;
  const ex = exchange?.trim().slice(0, 64) || null;
  return { ticker, exchange: ex };
}

export type SymbolKind = 'ticker' | 'mapped' | 'expression' | 'dominance' | 'continuousFuture';

export interface SymbolClass {
  kind: SymbolKind;
  /** Why it cannot be traded as shown; empty for tickers and mapped symbols. */
  reason: string;
}

/** A hyphen suffix of one or two letters is a share class, warrant or unit (`BRK-B`, `CTOS-WC`, `PBR-A`). */
const CLASS_SUFFIX = /^[A-Z]{1,2}$/;

function isExpression(symbol: string): boolean {
  if (symbol.length > MAX_TICKER) return true;
  // Whitespace, arithmetic, grouping, or a second exchange-qualified symbol: only expressions have these.
  if (/[\s/*+^()]/.test(symbol) || symbol.includes(':')) return true;
  if (symbol.includes('-')) {
    const [base, ...suffixes] = symbol.split('-');
    // `AAPL-MSFT`, `SPY-10`, `-SPY`: a second symbol or number, not a class suffix.
    if (!base || suffixes.length !== 1 || !suffixes.every((s) => CLASS_SUFFIX.test(s))) return true;
  }
  return false;
}

/**
 * Whether a chart ticker can be traded as shown. The trader's mapping wins over every rule: mapping
 * `ES1!` → `SPY` is the trader saying what to trade.
 */
export function classifySymbol(ticker: string, symbolMap: Readonly<Record<string, string>>): SymbolClass {
  if (mappedUnderlying(ticker, symbolMap) !== null) return { kind: 'mapped', reason: '' };
  const symbol = dropExchange(ticker);
  const shown = short(symbol);
  if (isExpression(symbol)) {
    return {
      kind: 'expression',
      reason: `${shown} is a spread or expression, not a tradable symbol: switch the chart to a single ticker.`,
    };
  }
  if (symbol.endsWith('.D')) {
    return { kind: 'dominance', reason: `${shown} is a dominance index, not a tradable symbol.` };
  }
  if (symbol.includes('!')) {
    return {
      kind: 'continuousFuture',
      reason: `${shown} is a continuous future: map it to a tradable underlying in Settings.`,
    };
  }
  return { kind: 'ticker', reason: '' };
}

function short(symbol: string): string {
  return symbol.length > MAX_TICKER ? `${symbol.slice(0, MAX_TICKER)}…` : symbol;
}

/**
 * What counts as a change of the chart's symbol: tickers, exchanges, pane count and the active pane,
 * never the price. A new key restarts the settle time.
 */
export function readingKey(reading: ChartReading): string {
  return JSON.stringify([
    tickerFromTitle(reading.title),
    reading.header === null ? null : tickerFromHeader(reading.header),
    reading.panes,
    reading.legends.map((l) => [l.title?.trim() ?? null, l.exchange?.trim() ?? null, l.active]),
  ]);
}

/**
 * Decide what the chart shows and whether it can be traded.
 *
 * Order matters: `unsupported` is only reached once every source agrees and the settle time has
 * passed, so the background may turn a mapped `unsupported` report into `ready` (see applySymbolMap).
 */
export function decide(sources: ChartSources, settings: DecideSettings): ChartReport {
  const recent = sources.now - sources.lastChangeAt < SETTLE_MS;
  const report = (
    state: SymbolState,
    reason: string,
    symbol: string | null = null,
    exchange: string | null = null,
    underlying: string | null = null,
  ): ChartReport => ({
    symbol: symbol === null ? null : short(symbol),
    exchange,
    underlying,
    state,
    reason: reason.slice(0, 300),
    changedAt: sources.lastChangeAt,
    theme: sources.theme,
  });
  // Sources that disagree right after a change are a switch in progress; if they still do later, they can't be trusted.
  const disagree = (why: string) =>
    recent
      ? report('settling', 'The chart is switching symbols: wait a moment.')
      : report('ambiguous', `${why} Trading is off until they agree.`);

  const titleTicker = tickerFromTitle(sources.title);
  const headerTicker = tickerFromHeader(sources.header);
  const landmarks = sources.header !== null || sources.legends.length > 0;

  if (titleTicker === null) return report('loading', 'The chart is still loading its symbol.');
  if (!landmarks) {
    return report(
      'unreadable',
      "Can't find the chart's symbol button or legend: TradingView's page may have changed.",
    );
  }
  if (sources.header !== null && headerTicker === null) {
    return report('loading', 'The chart is still loading its symbol.');
  }
  if (headerTicker !== null && headerTicker !== titleTicker) {
    return disagree(
      `The chart title shows ${short(titleTicker)} but the symbol button shows ${short(headerTicker)}.`,
    );
  }

  let legend: LegendReading | undefined;
  if (sources.panes > 1 || sources.legends.length > 1) {
    const active = sources.legends.filter((l) => l.active === true);
    if (active.length !== 1) {
      return report(
        'ambiguous',
        `This layout shows ${Math.max(sources.panes, sources.legends.length)} charts and the active one can't be told: click the chart you want to trade.`,
      );
    }
    legend = active[0];
  } else {
    legend = sources.legends[0];
  }

  let exchange: string | null = null;
  if (legend) {
    const fromPane = fromLegend(legend.title, legend.exchange);
    if (fromPane.ticker !== null && fromPane.ticker !== titleTicker) {
      return disagree(
        `The chart legend shows ${short(fromPane.ticker)} but the title shows ${short(titleTicker)}.`,
      );
    }
    exchange = fromPane.exchange;
  }

  if (recent) {
    return report(
      'settling',
      `${short(titleTicker)} was just selected: wait a moment.`,
      titleTicker,
      exchange,
    );
  }

  const kind = classifySymbol(titleTicker, settings.symbolMap);
  if (kind.kind !== 'ticker' && kind.kind !== 'mapped') {
    return report('unsupported', kind.reason, titleTicker, exchange);
  }
  return report('ready', '', titleTicker, exchange, underlyingFor(titleTicker, settings.symbolMap));
}

/** Whether two reports say the same thing (the background is told only when they don't). */
export function sameReport(a: ChartReport | null, b: ChartReport | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.symbol === b.symbol &&
    a.exchange === b.exchange &&
    a.underlying === b.underlying &&
    a.state === b.state &&
    a.reason === b.reason &&
    a.changedAt === b.changedAt &&
    a.theme === b.theme
  );
}
