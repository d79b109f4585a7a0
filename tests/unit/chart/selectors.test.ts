import { describe, expect, it } from 'vitest';
import * as S from '@/lib/chart/selectors';
import { BOTH_MARKUPS, parseDemo } from './demo-page';

/**
 * Every selector of lib/chart/selectors.ts beside the markup it must match, each variant with where it
 * was seen (the refined-github way): a selector changed to match a new TradingView markup must keep
 * matching every fixture here, and a new selector without fixtures fails the convention test below.
 * `element` marks the one element each fixture expects to be matched.
 */
interface Fixture {
  seen: string;
  html: string;
}

const FIXTURES: Record<string, { matches: Fixture[]; never?: Fixture[] }> = {
  HEADER_SYMBOL: {
    matches: [
      {
        seen: 'current: 2025-2026 scripts against the live site',
        html: '<button element data-name="header-toolbar-symbol-search" aria-label="Symbol Search"><span class="value-gwXludjS">SPY</span></button>',
      },
      {
        seen: 'legacy: shared chart-page doc, scripts of past years',
        html: '<button element id="header-toolbar-symbol-search"><div class="text-Ab12">SPY</div></button>',
      },
      {
        seen: 'some 2025-2026 scripts',
        html: '<button element class="button-merBkM5y" aria-label="Symbol Search, NASDAQ:AAPL">AAPL</button>',
      },
    ],
    never: [
      { seen: 'a div carrying the name', html: '<div data-name="header-toolbar-symbol-search2">SPY</div>' },
    ],
  },
  CHANGE_SYMBOL_BUTTON: {
    matches: [
      { seen: '2025-2026 scripts (header)', html: '<button element aria-label="Change symbol">SPY</button>' },
      {
        seen: 'the legend title button (excluded by read-dom.findHeader)',
        html: '<div data-qa-id="title-wrapper legend-source-title"><button element aria-label="Change symbol">SPY</button></div>',
      },
    ],
  },
  HEADER_INTERVALS: {
    matches: [
      {
        seen: 'both markups',
        html: '<div element id="header-toolbar-intervals"><button data-value="1D">D</button></div>',
      },
    ],
  },
  LEGEND: {
    matches: [
      {
        seen: 'current: data-qa-id',
        html: '<div element data-qa-id="legend" class="legend-l31H9iuA"></div>',
      },
      { seen: 'legacy: data-name', html: '<div element data-name="legend" class="legend-l31H9iuA"></div>' },
    ],
    never: [{ seen: 'a study row', html: '<div data-qa-id="legend-source-item"></div>' }],
  },
  LEGEND_SERIES_ITEM: {
    matches: [
      {
        seen: 'current: data-qa-id',
        html: '<div element data-qa-id="legend-series-item" class="item-l31H9iuA series-l31H9iuA"></div>',
      },
      {
        seen: 'legacy: data-name',
        html: '<div element data-name="legend-series-item" class="item-l31H9iuA series-l31H9iuA"></div>',
      },
    ],
    never: [
      {
        seen: 'a study row (current)',
        html: '<div data-qa-id="legend-source-item" class="item-l31H9iuA study-l31H9iuA"></div>',
      },
      { seen: 'a study row (legacy)', html: '<div data-name="legend-source-item"></div>' },
    ],
  },
  LEGEND_SOURCE_TITLE: {
    matches: [
      {
        seen: 'current: several words in data-qa-id',
        html: '<div element data-qa-id="title-wrapper legend-source-title"><button>SPY</button></div>',
      },
      {
        seen: 'current: the one word',
        html: '<div element data-qa-id="legend-source-title">SPY</div>',
      },
      { seen: 'legacy: data-name', html: '<div element data-name="legend-source-title"></div>' },
    ],
    never: [
      {
        seen: 'the interval block (current)',
        html: '<div data-qa-id="title-wrapper legend-source-interval">1D</div>',
      },
      {
        seen: 'a word that only starts the same',
        html: '<div data-qa-id="legend-source-title-extra">x</div>',
      },
    ],
  },
  LEGEND_EXCHANGE: {
    matches: [
      {
        seen: 'legacy: hashed class prefix',
        html: '<div element class="title-l31H9iuA exchangeTitle-def34">CBOE</div>',
      },
      {
        seen: 'current: data-qa-id word',
        html: '<div element data-qa-id="title-wrapper legend-source-exchange"><div>CBOE</div></div>',
      },
    ],
  },
  CHART_CONTAINER: {
    matches: [
      {
        seen: 'current: data-qa-id, an ARIA region',
        html: '<section element data-qa-id="chart-container" aria-label="Chart #1"></section>',
      },
      { seen: 'older scripts: data-name', html: '<div element data-name="chart-container"></div>' },
      {
        seen: 'legacy: class (shared doc)',
        html: '<div element class="chart-container single-visible top-full-width-chart active"></div>',
      },
    ],
    never: [{ seen: 'its border', html: '<div class="chart-container-border"></div>' }],
  },
  CANVAS_LABEL: {
    matches: [
      {
        seen: 'current: 2025-2026 scripts',
        html: '<canvas element aria-label="Chart for NASDAQ:AAPL, 1D"></canvas>',
      },
    ],
    never: [
      {
        seen: 'a localised site (jp)',
        html: '<canvas aria-label="OSE_DLY:NK2251! の 5 分 チャート"></canvas>',
      },
      { seen: 'an unlabelled canvas', html: '<canvas></canvas>' },
    ],
  },
  CENTER_AREA: {
    matches: [{ seen: 'both markups', html: '<div element class="layout__area--center"></div>' }],
  },
  WIDGETBAR: {
    matches: [{ seen: 'both markups', html: '<div element data-name="widgetbar-wrap"></div>' }],
  },
};

/** Class names (not selectors) that are checked against fixtures of their own. */
const CLASS_FIXTURES: Record<string, string> = {
  ACTIVE_PANE_CLASS: '<div element class="chart-container active"></div>',
  MULTI_PANE_CLASS: '<div element data-qa-id="chart-container" class="chartContainer-Gq3wVt multiple"></div>',
  DARK_THEME_CLASS: '<div element class="theme-dark"></div>',
};

function parse(html: string): { root: Element; element: Element | null } {
  const root = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  return { root, element: root.querySelector('[element]') };
}

const selectorOf = (name: string): string => (S as Record<string, unknown>)[name] as string;

describe('every selector beside the markup it must match', () => {
  it('names fixtures for every export of selectors.ts', () => {
    const exported = Object.keys(S).filter((name) => name !== 'HEADER_SYMBOL_VARIANTS');
    expect(exported.filter((name) => !(name in FIXTURES) && !(name in CLASS_FIXTURES))).toEqual([]);
  });

  describe.each(Object.entries(FIXTURES))('%s', (name, { matches, never = [] }) => {
    it.each(matches)('matches: $seen', ({ html }) => {
      const { root, element } = parse(html);
      expect(element, 'the fixture marks an element').not.toBeNull();
      expect(Array.from(root.querySelectorAll(selectorOf(name)))).toContain(element);
    });
    if (never.length > 0) {
      it.each(never)('does not match: $seen', ({ html }) => {
        expect(parse(html).root.querySelector(selectorOf(name))).toBeNull();
      });
    }
  });

  it.each(Object.entries(CLASS_FIXTURES))('%s is a class of its fixture', (name, html) => {
    expect(parse(html).element?.classList.contains(selectorOf(name))).toBe(true);
  });

  it('keeps each symbol-button variant a selector of its own, in HEADER_SYMBOL', () => {
    for (const variant of S.HEADER_SYMBOL_VARIANTS) expect(S.HEADER_SYMBOL.split(',')).toContain(variant);
  });
});

describe.each(BOTH_MARKUPS)('the demo chart page in its %s markup', (markup) => {
  const doc = parseDemo(markup);
  it.each([
    ['HEADER_SYMBOL', S.HEADER_SYMBOL],
    ['HEADER_INTERVALS', S.HEADER_INTERVALS],
    ['LEGEND', S.LEGEND],
    ['LEGEND_SERIES_ITEM', S.LEGEND_SERIES_ITEM],
    ['LEGEND_EXCHANGE', S.LEGEND_EXCHANGE],
    ['CHART_CONTAINER', S.CHART_CONTAINER],
    ['CENTER_AREA', S.CENTER_AREA],
    ['WIDGETBAR', S.WIDGETBAR],
  ])('%s matches exactly one element', (_name, selector) => {
    expect(doc.querySelectorAll(selector)).toHaveLength(1);
  });

  it('has an active pane and the light theme', () => {
    expect(doc.querySelector(`${S.CHART_CONTAINER.split(',')[0]}, [data-pane]`)?.classList).toContain(
      S.ACTIVE_PANE_CLASS,
    );
    expect(doc.documentElement.classList.contains('theme-light')).toBe(true);
  });

  it('has the landmarks of the chart page doc', () => {
    for (const selector of [
      'body > div.js-rootresizer__contents',
      '.layout__area--right',
      '.layout__area--bottom',
      '#header-toolbar-save-load',
      '#header-toolbar-layouts',
      '#drawing-toolbar',
      '#overlap-manager-root',
      '[data-pane] > .chart-container-border > .chart-widget td.chart-markup-table.pane',
      '#header-toolbar-intervals button[data-value][aria-checked="true"]',
    ]) {
      expect(doc.querySelector(selector), selector).not.toBeNull();
    }
  });

  if (markup === 'current') {
    it('is the markup 2025-2026 scripts read: data-name button, data-qa-id legend and pane, canvas label', () => {
      expect(doc.querySelector('#header-toolbar-symbol-search')).toBeNull();
      expect(doc.querySelector('button[data-name="header-toolbar-symbol-search"]')).not.toBeNull();
      expect(doc.querySelector('[data-name="legend"], .chart-container')).toBeNull();
      expect(
        doc.querySelector('section[aria-label="Chart #1"][data-qa-id="chart-container"]'),
      ).not.toBeNull();
      expect(doc.querySelector(S.CANVAS_LABEL)?.getAttribute('aria-label')).toBe('Chart for AMEX:SPY, 1D');
      // A study row the reader must leave alone, and the legend's own "Change symbol" button.
      expect(doc.querySelector('[data-qa-id="legend-source-item"]')?.textContent).toContain('VWAP');
      expect(doc.querySelector(`${S.LEGEND} ${S.CHANGE_SYMBOL_BUTTON}`)).not.toBeNull();
    });
  } else {
    it('is the markup of the chart-page doc: the id, data-name legend, class panes, no canvas label', () => {
      expect(doc.querySelector('button[data-name="header-toolbar-symbol-search"]')).toBeNull();
      expect(doc.querySelector('#header-toolbar-symbol-search')).not.toBeNull();
      expect(doc.querySelector('[data-qa-id]')).toBeNull();
      expect(doc.querySelector(S.CANVAS_LABEL)).toBeNull();
      expect(
        doc.querySelector(
          `${S.LEGEND} > ${S.LEGEND_SERIES_ITEM} > ${S.LEGEND_SOURCE_TITLE} > [class*="mainTitle-"]:first-child`,
        ),
      ).not.toBeNull();
    });
  }
});
