import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The demo chart page's markup, without its scripts and styles, so tests read the very page the browser tests use. */
export const DEMO_HTML = readFileSync(resolve(__dirname, '../../../demo/chart/index.html'), 'utf8');

/** happy-dom would try to fetch these; the readers never look at them. */
const OFFLINE_HTML = DEMO_HTML.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '').replace(
  /<link\b[^>]*>/g,
  '',
);

/** A fresh Document parsed from the demo page (no scripts run, nothing loaded). */
export function parseDemo(): Document {
  return new DOMParser().parseFromString(OFFLINE_HTML, 'text/html');
}

/** Put the demo page into the test's global document, where MutationObservers work. */
export function loadDemoIntoDocument(): void {
  const demo = parseDemo();
  document.documentElement.className = demo.documentElement.className;
  document.head.innerHTML = demo.head.innerHTML;
  document.body.innerHTML = demo.body.innerHTML;
}

/** Make the demo page a two-pane layout, as demo.js does for `?layout=2`. */
export function addSecondPane(doc: Document, symbol: string, exchange: string): Element {
  const first = doc.querySelector('.chart-container');
  if (!first?.parentElement) throw new Error('demo page has no chart container');
  const second = first.cloneNode(true) as Element;
  second.classList.remove('active');
  second.classList.add('inactive');
  first.classList.add('multiple');
  second.classList.add('multiple');
  setLegend(second, symbol, exchange);
  first.parentElement.append(second);
  return second;
}

export function setLegend(root: ParentNode, symbol: string, exchange: string): void {
  const title = root.querySelector('[class*="mainTitle-"]');
  const ex = root.querySelector('[class*="exchangeTitle-"]');
  if (!title || !ex) throw new Error('demo legend is missing');
  title.textContent = symbol;
  ex.textContent = exchange;
}

export function setHeader(doc: Document, text: string): void {
  const value = doc.querySelector('#header-toolbar-symbol-search [class^="value"]');
  if (!value) throw new Error('demo header is missing');
  value.textContent = text;
}
