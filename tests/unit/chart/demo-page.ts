import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { applyMarkup, type Markup } from '../../../demo/chart/markup.js';

/** The demo chart page's markup, without its scripts and styles, so tests read the very page the browser tests use. */
export const DEMO_HTML = readFileSync(resolve(__dirname, '../../../demo/chart/index.html'), 'utf8');

/** happy-dom would try to fetch these; the readers never look at them. */
const OFFLINE_HTML = DEMO_HTML.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '').replace(
  /<link\b[^>]*>/g,
  '',
);

/** Both markups the demo serves (`?markup=`): TradingView's current one and the older one. */
export const BOTH_MARKUPS: readonly Markup[] = ['current', 'legacy'];

/** A fresh Document parsed from the demo page in `markup`, as demo.js shows it (no scripts run, nothing loaded). */
export function parseDemo(markup: Markup = 'current'): Document {
  const doc = new DOMParser().parseFromString(OFFLINE_HTML, 'text/html');
  applyMarkup(doc, markup);
  return doc;
}

/** Put the demo page into the test's global document, where MutationObservers work. */
export function loadDemoIntoDocument(markup: Markup = 'current'): void {
  const demo = parseDemo(markup);
  document.documentElement.className = demo.documentElement.className;
  document.head.innerHTML = demo.head.innerHTML;
  document.body.innerHTML = demo.body.innerHTML;
}

/** Make the demo page a two-pane layout, as demo.js does for `?layout=2`. */
export function addSecondPane(
  doc: Document,
  symbol: string,
  exchange: string,
  full = `X:${symbol}`,
): Element {
  const first = doc.querySelector('[data-pane]');
  if (!first?.parentElement) throw new Error('demo page has no chart pane');
  const second = first.cloneNode(true) as Element;
  second.classList.remove('active');
  second.classList.add('inactive');
  if (second.hasAttribute('aria-label')) second.setAttribute('aria-label', 'Chart #2');
  first.classList.add('multiple');
  second.classList.add('multiple');
  setLegend(second, symbol, exchange);
  setLabel(second, full);
  first.parentElement.append(second);
  return second;
}

export function setLegend(root: ParentNode, symbol: string, exchange: string): void {
  const title = root.querySelector('[data-demo="legend-title"]');
  const ex = root.querySelector('[data-demo="legend-exchange"]');
  if (!title || !ex) throw new Error('demo legend is missing');
  title.textContent = symbol;
  ex.textContent = exchange;
}

/** Set the pane canvas's label as demo.js does (current markup only; the legacy page has none). */
export function setLabel(root: ParentNode, full: string, interval = '1D'): void {
  const canvas = root.querySelector('[data-demo="chart-canvas"]');
  if (canvas?.hasAttribute('aria-label')) canvas.setAttribute('aria-label', `Chart for ${full}, ${interval}`);
}

export function setHeader(doc: Document, text: string): void {
  const value = doc.querySelector('[data-demo="symbol-value"]');
  if (!value) throw new Error('demo header is missing');
  value.textContent = text;
}
