import { describe, expect, it } from 'vitest';
import { readSources } from '@/lib/chart/read-dom';
import { decide } from '@/lib/chart/read-symbol';
import * as S from '@/lib/chart/selectors';
import { SETTLE_MS } from '@/lib/chart/types';
import { addSecondPane, parseDemo, setHeader } from './demo-page';

describe('selectors match the demo chart page', () => {
  const doc = parseDemo();
  it.each([
    ['HEADER_SYMBOL', S.HEADER_SYMBOL],
    ['HEADER_INTERVALS', S.HEADER_INTERVALS],
    ['LEGEND', S.LEGEND],
    ['LEGEND_SERIES_ITEM', S.LEGEND_SERIES_ITEM],
    ['LEGEND_SOURCE_TITLE', S.LEGEND_SOURCE_TITLE],
    ['LEGEND_MAIN_TITLE', S.LEGEND_MAIN_TITLE],
    ['LEGEND_EXCHANGE', S.LEGEND_EXCHANGE],
    ['CHART_CONTAINER', S.CHART_CONTAINER],
    ['CENTER_AREA', S.CENTER_AREA],
    ['WIDGETBAR', S.WIDGETBAR],
  ])('%s matches exactly one element', (_name, selector) => {
    expect(doc.querySelectorAll(selector)).toHaveLength(1);
  });

  it('has the pane and theme classes', () => {
    expect(doc.querySelector(`${S.CHART_CONTAINER}.${S.ACTIVE_PANE_CLASS}`)).not.toBeNull();
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
      '.chart-container > .chart-container-border > .chart-widget td.chart-markup-table.pane',
      '#header-toolbar-intervals button[data-value][aria-checked="true"]',
      `${S.LEGEND} > ${S.LEGEND_SERIES_ITEM} > ${S.LEGEND_SOURCE_TITLE} > ${S.LEGEND_MAIN_TITLE}`,
    ]) {
      expect(doc.querySelector(selector), selector).not.toBeNull();
    }
  });
});

describe('readSources', () => {
  it('reads the demo page as it ships', () => {
    expect(readSources(parseDemo())).toEqual({
      title: 'SPY 585.12 ▲ +0.41% Unnamed',
      header: 'SPY',
      legends: [{ title: 'SPY', exchange: 'NYSE Arca', active: true }],
      panes: 1,
      theme: 'light',
    });
  });

  it('decides the demo page is SPY on NYSE Arca, ready once settled', () => {
    const r = decide({ ...readSources(parseDemo()), now: SETTLE_MS, lastChangeAt: 0 }, { symbolMap: {} });
    expect(r).toMatchObject({ state: 'ready', symbol: 'SPY', exchange: 'NYSE Arca', underlying: 'SPY' });
  });

  it('reads the dark theme from <html>', () => {
    const doc = parseDemo();
    doc.documentElement.className = 'theme-dark';
    expect(readSources(doc).theme).toBe('dark');
  });

  it('takes the first text of the symbol button, with or without an exchange', () => {
    const doc = parseDemo();
    setHeader(doc, 'NASDAQ:AAPL');
    expect(readSources(doc).header).toBe('NASDAQ:AAPL');
    const button = doc.querySelector(S.HEADER_SYMBOL);
    button?.replaceChildren(doc.createElement('div'), doc.createTextNode('  '));
    button?.firstElementChild?.append('ES1!');
    button?.append(Object.assign(doc.createElement('div'), { textContent: 'E-mini S&P 500' }));
    expect(readSources(doc).header).toBe('ES1!');
  });

  it('tells a missing button (null) from an empty one', () => {
    const doc = parseDemo();
    setHeader(doc, '');
    expect(readSources(doc).header).toBe('');
    doc.querySelector(S.HEADER_SYMBOL)?.remove();
    expect(readSources(doc).header).toBeNull();
  });

  it('reads each pane of a two-pane layout with its active flag', () => {
    const doc = parseDemo();
    addSecondPane(doc, 'QQQ', 'NASDAQ');
    const reading = readSources(doc);
    expect(reading.panes).toBe(2);
    expect(reading.legends).toEqual([
      { title: 'SPY', exchange: 'NYSE Arca', active: true },
      { title: 'QQQ', exchange: 'NASDAQ', active: false },
    ]);
  });

  it('reads nothing from a page without the landmarks', () => {
    const doc = new DOMParser().parseFromString(
      '<html><head><title>TradingView</title></head><body></body></html>',
      'text/html',
    );
    expect(readSources(doc)).toEqual({
      title: 'TradingView',
      header: null,
      legends: [],
      panes: 0,
      theme: 'light',
    });
  });
});
