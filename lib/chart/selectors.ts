/**
 * Every TradingView DOM landmark the extension relies on, in one place.
 * TradingView ships hashed class names (`mainTitle-Xy12z`) that change with every build, so match ids,
 * `data-name` / `data-qa-id` attributes, ARIA labels and class-name prefixes only.
 *
 * Two markups are in use and both are read (README "Reading the chart"):
 * - current: what public automation scripts written against the live site in 2025-2026 read
 *   (`data-qa-id` legends and panes, `data-name` symbol button, labelled chart canvases);
 *   demo/chart/index.html as served (`?markup=current`, the default).
 * - legacy: the markup of the shared chart-page doc (`#header-toolbar-symbol-search`, `data-name`
 *   legends, `.chart-container` panes); the demo chart with `?markup=legacy`, still seen in other scripts.
 * Each selector names the fixtures it must match; tests/unit/chart/selectors.test.ts holds them and
 * proves every export here matches its fixtures and none of its counter-examples.
 */

/**
 * The header's symbol button. current: `button[data-name="header-toolbar-symbol-search"]` (2025-2026
 * scripts; TradingView is said to be inconsistent); legacy: the `#header-toolbar-symbol-search` id (the
 * shared doc, years of scripts); some scripts: `button[aria-label*="Symbol Search"]`. Tried in this order.
 */
export const HEADER_SYMBOL_VARIANTS = [
  'button[data-name="header-toolbar-symbol-search"]',
  '#header-toolbar-symbol-search',
  'button[aria-label*="Symbol Search"]',
] as const;
export const HEADER_SYMBOL = HEADER_SYMBOL_VARIANTS.join(',');

/**
 * A symbol button labelled "Change symbol" (2025-2026 scripts). The legend's own title button carries the
 * same label, so one inside a legend is never taken for the header (read-dom.ts checks).
 */
export const CHANGE_SYMBOL_BUTTON = 'button[aria-label*="Change symbol"]';

/** The header's interval buttons; both markups: `<div id="header-toolbar-intervals">` with `button[data-value]`. */
export const HEADER_INTERVALS = '#header-toolbar-intervals';

/** One chart legend per pane. current: `[data-qa-id="legend"]`; legacy: `[data-name="legend"]`. */
export const LEGEND = '[data-qa-id="legend"],[data-name="legend"]';

/**
 * The main series row of a legend. current: `[data-qa-id="legend-series-item"]`; legacy:
 * `[data-name="legend-series-item"]`. Rows `[data-qa-id="legend-source-item"]` (`[data-name=…]` in
 * legacy) are studies (scripts that list indicators read them; class `study-…`): never read, since a
 * study's title (RSI, VWAP) is no ticker of the chart.
 */
export const LEGEND_SERIES_ITEM = '[data-qa-id="legend-series-item"],[data-name="legend-series-item"]';

/**
 * The series title block. current: `[data-qa-id~="legend-source-title"]`, a word among several
 * (`title-wrapper legend-source-title`), holding the ticker (or description); legacy:
 * `[data-name="legend-source-title"]` holding `mainTitle-*` (the ticker), the interval and the exchange.
 * Its first text is the ticker in both: the main title comes first.
 */
export const LEGEND_SOURCE_TITLE = '[data-qa-id~="legend-source-title"],[data-name="legend-source-title"]';

/**
 * The legend's exchange, the one place its full name shows. current:
 * `[data-qa-id~="legend-source-exchange"]` (`title-wrapper legend-source-exchange`); legacy: `exchangeTitle-*`.
 */
export const LEGEND_EXCHANGE = '[class*="exchangeTitle-"],[data-qa-id~="legend-source-exchange"]';

/**
 * One chart pane. current: `[data-qa-id="chart-container"]` (an ARIA region named `Chart #1`, `Chart #2`…);
 * older scripts: `[data-name="chart-container"]`; legacy: `.chart-container` (`.multiple` in a grid).
 * Only the outermost match counts as a pane (read-dom.ts), so nested variants are one pane.
 */
export const CHART_CONTAINER =
  '.chart-container,[data-qa-id="chart-container"],[data-name="chart-container"]';

/** Class on the pane the trader last clicked; both markups: `class="… active"` on the pane. */
export const ACTIVE_PANE_CLASS = 'active';

/** Class on panes of a multi-chart grid; both markups: `class="… multiple"` with `?layout=2`. */
export const MULTI_PANE_CLASS = 'multiple';

/**
 * Each pane's main canvas, labelled `Chart for EXCHANGE:SYMBOL, INTERVAL` (current; 2025-2026 scripts).
 * Localised sites label it in their language: those labels are not matched, so read as missing.
 */
export const CANVAS_LABEL = 'canvas[aria-label^="Chart for"]';

/** The chart area; both markups: `<div class="layout__area--center">`. The overlay is placed inside its box. */
export const CENTER_AREA = '.layout__area--center';

/** Class on `<html>` in the dark theme; both markups: `<html class="theme-dark">` with `?theme=dark`. */
export const DARK_THEME_CLASS = 'theme-dark';

/** The right panel with the watchlist; both markups: `<div data-name="widgetbar-wrap">`. */
export const WIDGETBAR = '[data-name="widgetbar-wrap"]';
