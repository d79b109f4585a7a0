import type { SiteId } from './sites/types';

/**
 * What the content script tells the background about the chart on screen.
 * Plain types only: the content script must stay tiny (no zod, no UI framework).
 */

/**
 * - ready: every readable source agrees and nothing changed in the settle time: tradable.
 * - settling: the symbol changed a moment ago; wait.
 * - loading: the chart has no ticker yet (generic title, empty header).
 * - ambiguous: sources disagree, or the active pane of a multi-chart layout can't be told.
 * - unsupported: an expression, spread or continuous future with no user mapping (set by the
 *   background only, when it judges a ready report: lib/chart/underlying.ts).
 * - unreadable: the landmarks we rely on are missing.
 * - unconfirmed: a site that shows its symbol in one place only (lib/chart/sites): read-only until the
 *   trader types the symbol once; the background then treats it as ready for that symbol in that tab.
 */
export type SymbolState =
  | 'ready'
  | 'settling'
  | 'loading'
  | 'ambiguous'
  | 'unsupported'
  | 'unreadable'
  | 'unconfirmed';

export interface ChartReport {
  /** The ticker as the chart shows it (`SPY`, `ES1!`, `BRK.B`), or null when none can be trusted. */
  symbol: string | null;
  /** The exchange from the legend (`NYSE Arca`, `CBOE`), when shown. */
  exchange: string | null;
  /** The underlying to trade (exchange dropped, user mapping applied); null unless state is ready. */
  underlying: string | null;
  state: SymbolState;
  /** Why trading is disabled, in a trader's words; empty when ready. */
  reason: string;
  /** ms since epoch of the last change of the symbol (not of the price). */
  changedAt: number;
  theme: 'light' | 'dark';
  /**
   * What the reader found of each landmark, for the overlay's diagnostic when the chart can't be read:
   * null when missing, else one entry per element found, its ticker ('' when it shows none). Tickers
   * only, never other page content. Optional: reports from before it, and the "reader stopped" one, lack it.
   */
  landmarks?: Landmarks;
  /**
   * The charting site it was read on. The background sets it from the sender's address (never from
   * the content script's word) before judging the symbol with that site's rules; absent means TradingView.
   */
  site?: SiteId;
}

/** The landmarks the reader looks for (README "Reading the chart"). */
export const LANDMARKS = ['title', 'symbolButton', 'legend', 'pane', 'canvasLabel'] as const;
export type Landmark = (typeof LANDMARKS)[number];
export type Landmarks = Record<Landmark, string[] | null>;
/** At most this many entries per landmark are reported (a page may show many panes, or fake them). */
export const MAX_LANDMARK_ENTRIES = 16;

/** How long a symbol must hold still before it is tradable. */
export const SETTLE_MS = 600;
