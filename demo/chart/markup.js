// The two TradingView markups the demo chart serves. demo/chart/index.html is written in the current
// one (what public scripts against the live site read in 2025-2026); `legacy` rewrites its landmarks
// into the older markup of the shared chart-page doc. Used by demo.js before anything else runs, and
// by the unit tests (tests/unit/chart/demo-page.ts) on the very same page. Landmarks only: everything
// the page script itself uses carries a `data-demo` hook that both markups keep.

/** `?markup=` values; the first is the default. */
export const MARKUPS = ['current', 'legacy'];

/** The markup a query string asks for: `current` unless it names another one. */
export function markupFrom(search) {
  const asked = new URLSearchParams(search).get('markup');
  return MARKUPS.includes(asked) ? asked : MARKUPS[0];
}

const LEGACY_LEGEND = `
  <div data-name="legend-series-item" class="item-l31H9iuA series-l31H9iuA">
    <div data-name="legend-source-title" class="titleWrapper-l31H9iuA">
      <div class="title-l31H9iuA mainTitle-abc12 apply-overflow-tooltip" data-demo="legend-title"></div>
      <div class="title-l31H9iuA intervalTitle-l31H9iuA">1D</div>
      <div class="title-l31H9iuA exchangeTitle-def34" data-demo="legend-exchange"></div>
    </div>
    <div class="valuesWrapper-l31H9iuA" data-name="legend-values" data-demo="legend-values"></div>
  </div>`;

function legacyLegend(legend) {
  const doc = legend.ownerDocument;
  const title = legend.querySelector('[data-demo="legend-title"]')?.textContent ?? '';
  const exchange = legend.querySelector('[data-demo="legend-exchange"]')?.textContent ?? '';
  const values = legend.querySelector('[data-demo="legend-values"]')?.innerHTML ?? '';
  const old = doc.createElement('div');
  old.className = legend.className;
  old.dataset.name = 'legend';
  old.innerHTML = LEGACY_LEGEND;
  old.querySelector('[data-demo="legend-title"]').textContent = title;
  old.querySelector('[data-demo="legend-exchange"]').textContent = exchange;
  old.querySelector('[data-demo="legend-values"]').innerHTML = values;
  legend.replaceWith(old);
}

/**
 * Rewrite the page's landmarks into `markup` (nothing to do for `current`): the symbol button by id, the
 * legends by data-name with the exchange inside the title block, panes by class, no canvas labels and
 * no pane regions.
 */
export function applyMarkup(doc, markup) {
  doc.documentElement.dataset.markup = markup;
  if (markup !== 'legacy') return;
  const button = doc.querySelector('[data-demo="symbol-button"]');
  if (button) {
    button.removeAttribute('data-name');
    button.id = 'header-toolbar-symbol-search';
  }
  for (const pane of doc.querySelectorAll('[data-pane]')) {
    for (const name of ['data-qa-id', 'aria-label']) pane.removeAttribute(name);
    pane.classList.add('chart-container');
  }
  for (const legend of doc.querySelectorAll('[data-qa-id="legend"]')) legacyLegend(legend);
  for (const canvas of doc.querySelectorAll('[data-demo="chart-canvas"]'))
    canvas.removeAttribute('aria-label');
}
