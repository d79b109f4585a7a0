import { describe, expect, it } from 'vitest';
import { findHeader, readSources } from '@/lib/chart/read-dom';
import { decide } from '@/lib/chart/read-symbol';
import * as S from '@/lib/chart/selectors';
import { SETTLE_MS } from '@/lib/chart/types';
import { addSecondPane, BOTH_MARKUPS, parseDemo, setHeader, setLabel, setLegend } from './demo-page';

const settledAt = (doc: Document) => decide({ ...readSources(doc), now: SETTLE_MS, lastChangeAt: 0 });
const label = (markup: string, full: string) => (markup === 'current' ? [`Chart for ${full}, 1D`] : []);

describe.each(BOTH_MARKUPS)('readSources on the %s markup', (markup) => {
  it('reads the demo page as it ships', () => {
    expect(readSources(parseDemo(markup))).toEqual({
      title: 'SPY 585.12 ▲ +0.41% Unnamed',
      header: 'SPY',
      panes: [
        {
          active: true,
          legends: [{ title: 'SPY', exchange: 'NYSE Arca' }],
          labels: label(markup, 'AMEX:SPY'),
        },
      ],
      theme: 'light',
    });
  });

  it('decides the demo page is SPY on NYSE Arca, ready once settled, and names every landmark found', () => {
    expect(settledAt(parseDemo(markup))).toMatchObject({
      state: 'ready',
      symbol: 'SPY',
      exchange: 'NYSE Arca',
      underlying: 'SPY',
      landmarks: {
        title: ['SPY'],
        symbolButton: ['SPY'],
        legend: ['SPY'],
        pane: ['active'],
        canvasLabel: markup === 'current' ? ['AMEX:SPY'] : null,
      },
    });
  });

  it('reads the dark theme from <html>', () => {
    const doc = parseDemo(markup);
    doc.documentElement.className = 'theme-dark';
    expect(readSources(doc).theme).toBe('dark');
  });

  it('takes the first text of the symbol button, with or without an exchange', () => {
    const doc = parseDemo(markup);
    setHeader(doc, 'NASDAQ:AAPL');
    expect(readSources(doc).header).toBe('NASDAQ:AAPL');
    const button = doc.querySelector(S.HEADER_SYMBOL);
    button?.replaceChildren(doc.createElement('div'), doc.createTextNode('  '));
    button?.firstElementChild?.append('ES1!');
    button?.append(Object.assign(doc.createElement('div'), { textContent: 'E-mini S&P 500' }));
    expect(readSources(doc).header).toBe('ES1!');
  });

  it('tells a missing button (null) from an empty one', () => {
    const doc = parseDemo(markup);
    setHeader(doc, '');
    expect(readSources(doc).header).toBe('');
    doc.querySelector(S.HEADER_SYMBOL)?.remove();
    expect(readSources(doc).header).toBeNull();
  });

  it('prefers the data-name button, then the id, over an earlier button only labelled "Symbol Search"', () => {
    const doc = parseDemo(markup);
    const icon = doc.createElement('button');
    icon.setAttribute('aria-label', 'Symbol Search');
    doc.body.prepend(icon);
    expect(readSources(doc).header).toBe('SPY');
    doc.querySelector('[data-demo="symbol-button"]')?.remove();
    // Only the icon is left: found, but empty, so the chart reads as loading rather than guessed.
    expect(readSources(doc).header).toBe('');
    expect(settledAt(doc).state).toBe('loading');
  });

  it('never takes the legend title button for the symbol button', () => {
    const doc = parseDemo(markup);
    doc.querySelector(S.HEADER_SYMBOL)?.remove();
    const title = doc.querySelector('[data-demo="legend-title"]');
    const button = Object.assign(doc.createElement('button'), { textContent: 'QQQ' });
    button.setAttribute('aria-label', 'Change symbol');
    title?.replaceWith(button);
    expect(doc.querySelector(S.CHANGE_SYMBOL_BUTTON)).toBe(button);
    expect(findHeader(doc)).toBeNull();
  });

  it('reads the description a legend shows instead of the ticker as it is', () => {
    const doc = parseDemo(markup);
    setLegend(doc, 'SPDR S&P 500 ETF Trust', 'NYSE Arca');
    expect(readSources(doc).panes[0]?.legends).toEqual([
      { title: 'SPDR S&P 500 ETF Trust', exchange: 'NYSE Arca' },
    ]);
    expect(settledAt(doc)).toMatchObject({ state: 'ready', symbol: 'SPY', landmarks: { legend: [''] } });
  });

  it('reads each pane of a two-pane layout with its active flag, legend and label', () => {
    const doc = parseDemo(markup);
    addSecondPane(doc, 'QQQ', 'NASDAQ', 'NASDAQ:QQQ');
    expect(readSources(doc).panes).toEqual([
      { active: true, legends: [{ title: 'SPY', exchange: 'NYSE Arca' }], labels: label(markup, 'AMEX:SPY') },
      { active: false, legends: [{ title: 'QQQ', exchange: 'NASDAQ' }], labels: label(markup, 'NASDAQ:QQQ') },
    ]);
    // The title and button follow the active pane: SPY, on the first.
    expect(settledAt(doc)).toMatchObject({
      state: 'ready',
      symbol: 'SPY',
      landmarks: { pane: ['active', ''] },
    });
  });

  it('refuses two panes when neither is active', () => {
    const doc = parseDemo(markup);
    addSecondPane(doc, 'QQQ', 'NASDAQ', 'NASDAQ:QQQ');
    doc.querySelector('[data-pane]')?.classList.remove('active');
    expect(settledAt(doc)).toMatchObject({ state: 'ambiguous', symbol: null });
  });

  it('reads nothing from a page without the landmarks', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><title>TradingView</title></head><body></body></html>',
      'text/html',
    );
    expect(readSources(doc)).toEqual({ title: 'TradingView', header: null, panes: [], theme: 'light' });
  });

  it('is unreadable, naming each landmark missing, once button, legend and label are gone', () => {
    const doc = parseDemo(markup);
    for (const el of doc.querySelectorAll(`${S.HEADER_SYMBOL},${S.LEGEND},${S.CANVAS_LABEL}`)) el.remove();
    expect(settledAt(doc)).toMatchObject({
      state: 'unreadable',
      landmarks: { title: ['SPY'], symbolButton: null, legend: null, pane: ['active'], canvasLabel: null },
    });
  });
});

describe('readSources, the current markup only', () => {
  it('cross-checks the canvas label: a canvas on QQQ while title and button say SPY refuses', () => {
    const doc = parseDemo('current');
    setLabel(doc, 'NASDAQ:QQQ');
    expect(settledAt(doc)).toMatchObject({ state: 'ambiguous', symbol: null, underlying: null });
    expect(settledAt(doc).reason).toContain('NASDAQ:QQQ');
  });

  it('takes the exchange from the canvas label when the legend shows none', () => {
    const doc = parseDemo('current');
    setLegend(doc, 'SPY', '');
    expect(settledAt(doc)).toMatchObject({ state: 'ready', exchange: 'AMEX' });
  });

  it('reads a pane by its canvas label alone when its legend is gone', () => {
    const doc = parseDemo('current');
    doc.querySelector(S.LEGEND)?.remove();
    doc.querySelector(S.HEADER_SYMBOL)?.remove();
    expect(settledAt(doc)).toMatchObject({ state: 'ready', symbol: 'SPY', exchange: 'AMEX' });
  });

  it('never reads a study row of the legend', () => {
    const doc = parseDemo('current');
    expect(doc.querySelector('[data-qa-id="legend-source-item"]')?.textContent).toContain('VWAP');
    expect(readSources(doc).panes[0]?.legends).toEqual([{ title: 'SPY', exchange: 'NYSE Arca' }]);
  });

  it('counts an element carrying two pane variants as one pane', () => {
    const doc = parseDemo('current');
    const pane = doc.querySelector('[data-pane]');
    pane?.classList.add('chart-container');
    const inner = doc.querySelector('.chart-container-border');
    inner?.setAttribute('data-name', 'chart-container');
    expect(readSources(doc).panes).toHaveLength(1);
  });

  it('cross-checks a legend found outside any known pane', () => {
    const doc = parseDemo('current');
    const stray = doc.querySelector(S.LEGEND)?.cloneNode(true) as Element;
    setLegend(stray, 'QQQ', 'NASDAQ');
    doc.body.append(stray);
    const reading = readSources(doc);
    expect(reading.panes.at(-1)).toMatchObject({ active: null, legends: [{ title: 'QQQ' }] });
    expect(settledAt(doc).state).toBe('ambiguous');
  });
});
