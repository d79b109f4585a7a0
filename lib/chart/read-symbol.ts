import { words } from '../words';
import { type ChartReport, type Landmarks, MAX_LANDMARK_ENTRIES, SETTLE_MS, type SymbolState } from './types';
import { dropExchange } from './underlying';

/**
 * Pure readers of what TradingView shows, and the one decision of which symbol the chart surely shows
 * (whether it can be traded is the background's, in applySymbolMap). Nothing here touches the DOM, the
 * URL or storage: the URL's `?symbol=` lags the chart and localStorage may belong to another tab, so
 * neither is ever a source, not even as a fallback.
 */

/** One legend as read from the page. */
export interface LegendReading {
  /** The legend's main title: the ticker, or the description when the trader set the legend to show it. */
  title: string | null;
  exchange: string | null;
}

/** One chart pane: its legend and its canvas label (normally one of each). */
export interface PaneReading {
  /** Whether it is the active pane; null for the legends and labels found outside any known pane. */
  active: boolean | null;
  legends: LegendReading[];
  /** The `aria-label` of each `Chart for …` canvas in the pane. */
  labels: string[];
}

/** Everything read from the page at one moment. */
export interface ChartReading {
  /** `document.title`. */
  title: string | null;
  /** The symbol button's text; null when the button is missing, '' when it is empty. */
  header: string | null;
  /** One per pane, in page order; a last one with `active: null` holds what no known pane contains. */
  panes: PaneReading[];
  theme: 'light' | 'dark';
}

export interface ChartSources extends ChartReading {
  now: number;
  /** When the reading (tickers, exchanges, active pane; never the price) last changed. */
  lastChangeAt: number;
}

/** No real ticker is this long; longer "tickers" are expressions, and keep reports within the protocol's limits. */
export const MAX_TICKER = 32;

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

export interface LabelSymbol {
  /** As labelled, exchange-qualified: `NASDAQ:AAPL`, `NASDAQ:AAPL/AMEX:SPY`. */
  symbol: string;
  /** Every exchange prefix dropped, to compare with the title: `AAPL`, `AAPL/SPY`. */
  ticker: string;
  /** The exchange prefix of a single symbol (`NASDAQ`); null for expressions. */
  exchange: string | null;
}

/** `Chart for EXCHANGE:SYMBOL, INTERVAL`; the interval is the last comma-separated part. */
const CANVAS_LABEL_FORM = /^Chart for (\S.*), [^,]+$/;

/**
 * A pane canvas's accessible label (`Chart for NASDAQ:AAPL, 1D`), or null for a label in any other
 * form: an unknown form is not guessed at, the caller refuses it.
 */
export function fromCanvasLabel(label: string): LabelSymbol | null {
  const symbol = CANVAS_LABEL_FORM.exec(label.trim())?.[1]?.trim();
  if (!symbol) return null;
  const parts = symbol.split(':');
  return {
    symbol,
    ticker: symbol.replace(/[\w.]+:/g, ''),
    exchange: parts.length === 2 ? parts[0] || null : null,
  };
}

/** A symbol cut to what reports and messages may hold. */
export function short(symbol: string): string {
  return symbol.length > MAX_TICKER ? `${symbol.slice(0, MAX_TICKER)}…` : symbol;
}

/**
 * What counts as a change of the chart's symbol: tickers, exchanges, panes and the active one, never
 * the price (nor a canvas label's interval). A new key restarts the settle time.
 */
export function readingKey(reading: ChartReading): string {
  return JSON.stringify([landmarksOf(reading), reading.panes.map((p) => p.legends.map((l) => l.exchange))]);
}

/** What was found of each landmark, tickers only (see ChartReport.landmarks). */
export function landmarksOf(reading: ChartReading): Landmarks {
  const list = (entries: string[]) =>
    entries.length > 0 ? entries.slice(0, MAX_LANDMARK_ENTRIES).map(short) : null;
  const title = tickerFromTitle(reading.title);
  const known = reading.panes.filter((p) => p.active !== null);
  return {
    title: title === null ? null : [short(title)],
    symbolButton: reading.header === null ? null : [short(tickerFromHeader(reading.header) ?? '')],
    legend: list(
      reading.panes.flatMap((p) => p.legends.map((l) => fromLegend(l.title, l.exchange).ticker ?? '')),
    ),
    pane: list(known.map((p) => (p.active ? 'active' : ''))),
    canvasLabel: list(reading.panes.flatMap((p) => p.labels.map((l) => fromCanvasLabel(l)?.symbol ?? '?'))),
  };
}

/**
 * Decide what the chart shows: `ready` only once every source found agrees and the settle time has
 * passed. Whether that symbol can be traded is judged after, in the background (applySymbolMap), so a
 * `ready` report from the content script means "the chart surely shows this", never "trade this".
 */
export function decide(sources: ChartSources): ChartReport {
  const recent = sources.now - sources.lastChangeAt < SETTLE_MS;
  const landmarks = landmarksOf(sources);
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
    // Within the protocol's 300: every ticker in a reason is cut by short().
    reason,
    changedAt: sources.lastChangeAt,
    theme: sources.theme,
    landmarks,
  });
  // Sources that disagree right after a change are a switch in progress; if they still do later, they can't be trusted.
  const refuse = (why: string) =>
    recent ? report('settling', words('chartSwitching')) : report('ambiguous', why);

  const titleTicker = tickerFromTitle(sources.title);
  const headerTicker = tickerFromHeader(sources.header);
  const found = landmarks.symbolButton || landmarks.legend || landmarks.canvasLabel;

  // A generic title, or an empty symbol button (a button found is a landmark: never unreadable then).
  if (titleTicker === null || (sources.header !== null && headerTicker === null)) {
    return report('loading', words('chartLoadingSymbol'));
  }
  if (!found) {
    return report('unreadable', words('chartNoLandmarks'));
  }
  if (headerTicker !== null && headerTicker !== titleTicker) {
    return refuse(words('chartTitleVsButton', short(titleTicker), short(headerTicker)));
  }

  // In a layout of several charts, the title and button follow the active one: only its pane speaks
  // for the chart, with whatever was found outside any pane (cross-checked, since it can't be placed).
  const known = sources.panes.filter((p) => p.active !== null);
  let speaking = sources.panes;
  if (known.length > 1) {
    const active = known.filter((p) => p.active);
    if (active.length !== 1) {
      return report('ambiguous', words('chartLayoutSeveral', known.length));
    }
    speaking = sources.panes.filter((p) => p.active !== false);
  }

  const against = (where: 'legend' | 'canvas', shown: string) =>
    refuse(
      words(
        where === 'legend' ? 'chartLegendVsTitle' : 'chartCanvasVsTitle',
        short(shown),
        short(titleTicker),
      ),
    );
  let exchange: string | null = null;
  let labelled: string | null = null;
  for (const pane of speaking) {
    for (const legend of pane.legends) {
      const shown = fromLegend(legend.title, legend.exchange);
      if (shown.ticker !== null && shown.ticker !== titleTicker) return against('legend', shown.ticker);
      exchange ??= shown.exchange;
    }
    for (const label of pane.labels) {
      const shown = fromCanvasLabel(label);
      if (shown === null) {
        return refuse(words('chartCanvasLabelUnknown'));
      }
      if (shown.ticker !== titleTicker) return against('canvas', shown.symbol);
      labelled ??= shown.exchange;
    }
  }
  // The legend's exchange is its full name (NYSE Arca); the canvas's is the prefix (AMEX).
  exchange ??= labelled;

  if (recent) {
    return report('settling', words('chartJustSelected', short(titleTicker)), titleTicker, exchange);
  }

  // Whether this symbol can be traded (an expression, a continuous future, the trader's mapping) is the
  // background's call: applySymbolMap judges every report before anything uses it.
  return report('ready', '', titleTicker, exchange, short(dropExchange(titleTicker)));
}

/**
 * Whether two reports say the same thing (the background is told only when they don't). Every report
 * is built by decide() or in its shape, so the same fields come in the same order.
 */
export function sameReport(a: ChartReport | null, b: ChartReport | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
