import type { ChartReading, LegendReading, PaneReading } from './read-symbol';
import {
  ACTIVE_PANE_CLASS,
  CANVAS_LABEL,
  CHANGE_SYMBOL_BUTTON,
  CHART_CONTAINER,
  DARK_THEME_CLASS,
  HEADER_SYMBOL_VARIANTS,
  LEGEND,
  LEGEND_EXCHANGE,
  LEGEND_SERIES_ITEM,
  LEGEND_SOURCE_TITLE,
} from './selectors';

/**
 * An element's first piece of text: its first line as shown, without asking the browser for layout
 * (innerText would force one on every read). `''` when it holds no text yet.
 */
function firstText(el: Element): string {
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) return text;
  }
  return '';
}

/** Matches not inside another match: an element carrying two variants of a landmark is one landmark. */
function outermost(doc: Document, selector: string): Element[] {
  return Array.from(doc.querySelectorAll(selector)).filter((el) => !el.parentElement?.closest(selector));
}

/**
 * The header's symbol button: the first variant that matches, in the order of HEADER_SYMBOL_VARIANTS,
 * never a button inside a legend (the legend's title button is also labelled "Change symbol").
 */
export function findHeader(doc: Document): Element | null {
  for (const selector of [...HEADER_SYMBOL_VARIANTS, CHANGE_SYMBOL_BUTTON]) {
    for (const el of doc.querySelectorAll(selector)) if (!el.closest(LEGEND)) return el;
  }
  return null;
}

function readLegend(legend: Element): LegendReading {
  const item = legend.querySelector(LEGEND_SERIES_ITEM);
  // Its first text is the ticker (or description): the main title comes first in both markups.
  const title = item?.querySelector(LEGEND_SOURCE_TITLE);
  const exchange = item?.querySelector(LEGEND_EXCHANGE);
  return { title: title ? firstText(title) : null, exchange: exchange ? firstText(exchange) : null };
}

/** Read every symbol source of a TradingView chart page at once. */
export function readSources(doc: Document): ChartReading {
  const button = findHeader(doc);
  const paneEls = outermost(doc, CHART_CONTAINER);
  const panes: PaneReading[] = paneEls.map((el) => ({
    active: el.classList.contains(ACTIVE_PANE_CLASS),
    legends: [],
    labels: [],
  }));
  const elsewhere: PaneReading = { active: null, legends: [], labels: [] };
  const paneOf = (el: Element) => panes[paneEls.findIndex((p) => p.contains(el))] ?? elsewhere;
  for (const legend of outermost(doc, LEGEND)) paneOf(legend).legends.push(readLegend(legend));
  for (const canvas of doc.querySelectorAll(CANVAS_LABEL)) {
    paneOf(canvas).labels.push(canvas.getAttribute('aria-label') ?? '');
  }
  if (elsewhere.legends.length > 0 || elsewhere.labels.length > 0) panes.push(elsewhere);
  return {
    title: doc.title,
    header: button ? firstText(button) : null,
    panes,
    theme: doc.documentElement.classList.contains(DARK_THEME_CLASS) ? 'dark' : 'light',
  };
}
