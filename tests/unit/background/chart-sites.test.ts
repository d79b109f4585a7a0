// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { sitesGranted } from '@/entrypoints/background/chart-sites';
import { createChartTabs, judgedReport } from '@/entrypoints/background/chart-tabs';
import { createRouter } from '@/entrypoints/background/messages';
import { identify } from '@/entrypoints/background/sender';
import type { Service } from '@/entrypoints/background/service';
import type { SiteId } from '@/lib/chart/sites/types';
import type { ChartReport } from '@/lib/chart/types';
import { chartSiteOf, OPTIONAL_MATCHES, OPTIONAL_SITES } from '@/lib/scope/optional-sites';
import { OVERLAY_FRAME, OVERLAY_KEY, pageSender } from '../senders';

const unconfirmed = (symbol: string): ChartReport => ({
  symbol,
  exchange: null,
  underlying: null,
  state: 'unconfirmed',
  reason: 'TrendSpider shows QQQ in its title only: type the symbol to confirm it.',
  changedAt: 0,
  theme: 'light',
  site: 'trendspider',
});

const on = (...ids: SiteId[]) => new Set<SiteId>(['tradingview', ...ids]);

describe('charting sites: scope follows the granted permission', () => {
  it('a site counts only with every one of its patterns granted', () => {
    expect(sitesGranted([])).toEqual(on());
    expect(sitesGranted(['https://finance.yahoo.com/*'])).toEqual(on('yahoo'));
    // Finviz has two hosts: one granted is not the site switched on.
    expect(sitesGranted(['https://finviz.com/*'])).toEqual(on());
    expect(sitesGranted(OPTIONAL_MATCHES)).toEqual(on(...OPTIONAL_SITES.map((s) => s.id)));
  });

  it('a site’s pages are chart pages only while it is switched on, over https without a port', () => {
    expect(chartSiteOf('https://finance.yahoo.com/quote/AAPL/', on())).toBeNull();
    expect(chartSiteOf('https://finance.yahoo.com/quote/AAPL/', on('yahoo'))).toBe('yahoo');
    expect(chartSiteOf('http://finance.yahoo.com/quote/AAPL/', on('yahoo'))).toBeNull();
    expect(chartSiteOf('https://finance.yahoo.com:8443/quote/AAPL/', on('yahoo'))).toBeNull();
    expect(chartSiteOf('https://evil.finance.yahoo.com/quote/AAPL/', on('yahoo'))).toBeNull();
    expect(chartSiteOf('https://www.tradingview.com/chart/x/', on())).toBe('tradingview');
    expect(chartSiteOf('not a url', on('yahoo'))).toBeNull();
  });

  it('a content script on a site is a content sender only while the site is on', () => {
    const sender = {
      id: fakeBrowser.runtime.id,
      url: 'https://charts.trendspider.com/workspace/1',
      tab: { id: 9 } as never,
      frameId: 0,
    };
    expect(identify(sender).kind).toBe('stranger');
    expect(identify(sender, undefined, undefined, on('trendspider'))).toMatchObject({
      kind: 'content',
      tabId: 9,
      site: 'trendspider',
    });
    // Never from a subframe, even on a site switched on.
    expect(identify({ ...sender, frameId: 3 }, undefined, undefined, on('trendspider')).kind).toBe(
      'stranger',
    );
  });
});

describe('one-source sites: the trader confirms the symbol once', () => {
  it('a confirm-only site is never ready on its content script’s word', () => {
    const claimed: ChartReport = { ...unconfirmed('QQQ'), state: 'ready', underlying: 'QQQ', reason: '' };
    expect(judgedReport(claimed, 'trendspider', undefined)).toMatchObject({
      state: 'unconfirmed',
      underlying: null,
    });
    expect(judgedReport(claimed, 'stockcharts', undefined).state).toBe('unconfirmed');
    // The site is the sender's: a report claiming TradingView from a TrendSpider tab is judged as TrendSpider.
    expect(judgedReport({ ...claimed, site: 'tradingview' }, 'trendspider', undefined).site).toBe(
      'trendspider',
    );
  });

  it('the typed symbol must be the one shown; it holds for that symbol in that tab only', () => {
    const tabs = createChartTabs();
    tabs.set(9, unconfirmed('QQQ'), 'trendspider');
    expect(() => tabs.confirm(9, 'SPY')).toThrow(/You typed SPY, but the page shows QQQ/);
    expect(tabs.known(9)?.state).toBe('unconfirmed');
    expect(tabs.confirm(9, ' qqq ')).toMatchObject({ state: 'ready', underlying: 'QQQ' });
    expect(tabs.known(9)).toMatchObject({ state: 'ready', underlying: 'QQQ' });
    // Another tab is not confirmed.
    tabs.set(10, unconfirmed('QQQ'), 'trendspider');
    expect(tabs.known(10)?.state).toBe('unconfirmed');
    // The page moves to another symbol: asked again, and coming back to QQQ asks again too.
    tabs.set(9, unconfirmed('IWM'), 'trendspider');
    expect(tabs.known(9)?.state).toBe('unconfirmed');
    tabs.set(9, unconfirmed('QQQ'), 'trendspider');
    expect(tabs.known(9)?.state).toBe('unconfirmed');
    expect(() => tabs.confirm(11, 'QQQ')).toThrow(/Nothing on this chart/);
  });

  it('switching a site off forgets its tabs', () => {
    const tabs = createChartTabs();
    tabs.set(9, unconfirmed('QQQ'), 'trendspider');
    tabs.bind(9, { frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY });
    tabs.set(1, { ...unconfirmed('SPY'), state: 'ready', site: undefined }, 'tradingview');
    tabs.forgetSites(on());
    expect(tabs.known(9)).toBeNull();
    expect(tabs.frameOf(9)).toBeUndefined();
    expect(tabs.known(1)).not.toBeNull();
  });

  it('chart.confirm is taken from the tab’s bound overlay only', async () => {
    fakeBrowser.reset();
    const tabs = createChartTabs(async () => on('trendspider'));
    const pushed: number[] = [];
    const route = createRouter({
      service: { settings: async () => ({ symbolMap: {} }) } as unknown as Service,
      chartTabs: tabs,
      now: () => 0,
      onChartReport: (tabId) => pushed.push(tabId),
      secret: async () => undefined,
      enabledSites: async () => on('trendspider'),
    });
    tabs.set(9, unconfirmed('QQQ'), 'trendspider');
    tabs.bind(9, { frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY });
    const popup = await route({ type: 'chart.confirm', symbol: 'QQQ' }, pageSender('popup.html'));
    expect(popup).toMatchObject({ ok: false });
    expect(tabs.known(9)?.state).toBe('unconfirmed');
    const wrong = await route(
      { type: 'chart.confirm', symbol: 'SPY', frameKey: OVERLAY_KEY },
      pageSender('overlay.html', 9),
    );
    expect(wrong).toMatchObject({ ok: false, error: expect.stringContaining('the page shows QQQ') });
    const right = await route(
      { type: 'chart.confirm', symbol: 'qqq', frameKey: OVERLAY_KEY },
      pageSender('overlay.html', 9),
    );
    expect(right).toEqual({ ok: true, value: null });
    expect(tabs.known(9)?.state).toBe('ready');
    expect(pushed).toEqual([9]);
  });

  beforeEach(() => fakeBrowser.reset());
});
