import type { ChartReading, LegendReading } from './read-symbol';
import {
  ACTIVE_PANE_CLASS,
  CHART_CONTAINER,
  DARK_THEME_CLASS,
  HEADER_SYMBOL,
  LEGEND,
  LEGEND_EXCHANGE,
  LEGEND_MAIN_TITLE,
  LEGEND_SERIES_ITEM,
} from './selectors';

/**
 * The button's first piece of text: its first line as shown, without asking the browser for layout
 * (innerText would force one on every read). `''` when the button holds no text yet.
 */
function firstText(el: Element): string {
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) return text;
  }
  return '';
}

function readLegend(legend: Element): LegendReading {
  const item = legend.querySelector(LEGEND_SERIES_ITEM);
  const title = item?.querySelector(LEGEND_MAIN_TITLE)?.textContent ?? null;
  const exchange = item?.querySelector(LEGEND_EXCHANGE)?.textContent ?? null;
  const pane = legend.closest(CHART_CONTAINER);
  return { title, exchange, active: pane ? pane.classList.contains(ACTIVE_PANE_CLASS) : null };
}

/** Read every symbol source of a TradingView chart page at once. */
export function readSources(doc: Document): ChartReading {
  const button = doc.querySelector(HEADER_SYMBOL);
  return {
    title: doc.title,
    header: button ? firstText(button) : null,
    legends: Array.from(doc.querySelectorAll(LEGEND), readLegend),
    panes: doc.querySelectorAll(CHART_CONTAINER).length,
    theme: doc.documentElement.classList.contains(DARK_THEME_CLASS) ? 'dark' : 'light',
  };
}
