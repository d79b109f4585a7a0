/**
 * Every TradingView DOM landmark the extension relies on, in one place.
 * TradingView ships hashed class names (`mainTitle-Xy12z`) that change with every build, so match ids,
 * `data-name` attributes and class-name prefixes only. Each selector names the element of
 * demo/chart/index.html it must match; tests/unit/chart/read-dom.test.ts proves they do.
 */

/** The header's symbol button; demo: `<button id="header-toolbar-symbol-search">` holding `span.value-*` "SPY". */
export const HEADER_SYMBOL = '#header-toolbar-symbol-search';

/** The header's interval buttons; demo: `<div id="header-toolbar-intervals">` with `button[data-value]`. */
export const HEADER_INTERVALS = '#header-toolbar-intervals';

/** One chart legend per pane; demo: `<div data-name="legend">` inside each `.chart-container`. */
export const LEGEND = '[data-name="legend"]';

/** The main series row of a legend; demo: `<div data-name="legend-series-item">`. */
export const LEGEND_SERIES_ITEM = '[data-name="legend-series-item"]';

/** The series title block; demo: `<div data-name="legend-source-title">` holding the ticker and exchange. */
export const LEGEND_SOURCE_TITLE = '[data-name="legend-source-title"]';

/** The legend's ticker (or description); demo: `<div class="mainTitle-abc12">SPY</div>`. */
export const LEGEND_MAIN_TITLE = '[class*="mainTitle-"]';

/** The legend's exchange, the only place the exchange shows; demo: `<div class="exchangeTitle-def34">`. */
export const LEGEND_EXCHANGE = '[class*="exchangeTitle-"]';

/** One chart pane; demo: `<div class="chart-container active">` (`.multiple` in a two-pane grid). */
export const CHART_CONTAINER = '.chart-container';

/** Class on the pane the trader last clicked; demo: `.chart-container.active`. */
export const ACTIVE_PANE_CLASS = 'active';

/** Class on panes of a multi-chart grid; demo: `.chart-container.multiple` with `?layout=2`. */
export const MULTI_PANE_CLASS = 'multiple';

/** The chart area; demo: `<div class="layout__area--center">`. The overlay is placed inside its box. */
export const CENTER_AREA = '.layout__area--center';

/** Class on `<html>` in the dark theme; demo: `<html class="theme-dark">` with `?theme=dark`. */
export const DARK_THEME_CLASS = 'theme-dark';

/** The right panel with the watchlist; demo: `<div data-name="widgetbar-wrap">`. */
export const WIDGETBAR = '[data-name="widgetbar-wrap"]';
