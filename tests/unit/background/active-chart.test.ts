import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ACTIVE_CHART_WAIT_MS, readActiveChart } from '@/entrypoints/background/active-chart';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { createConnections } from '@/entrypoints/background/connection';
import { createRouter } from '@/entrypoints/background/messages';
import { createService, type Service } from '@/entrypoints/background/service';
import type { ChartReport } from '@/lib/chart/types';
import { DEFAULT_SETTINGS, NOT_OUR_FRAME } from '@/lib/messaging/protocol';
import { chartSender, chartTab, OVERLAY_FRAME, OVERLAY_KEY, pageSender, rereadOf } from '../senders';

/**
 * `chart.active`: the popup's ticket asks the background for the chart in the active tab. Only the
 * toolbar popup may ask; the answer is the tab's chart read now, by the overlay's rules, or why none.
 */

const spy: ChartReport = {
  symbol: 'SPY',
  exchange: 'NYSE Arca',
  underlying: 'SPY',
  state: 'ready',
  reason: '',
  changedAt: 0,
  theme: 'light',
};
const SPY_TITLE = 'SPY 585.12 ▲ +0.41% Unnamed';

describe('chart.active', () => {
  let service: Service;
  let route: ReturnType<typeof createRouter>;
  /** What the active tab's content script answers now: its chart, and its title. */
  let chart: { report: ChartReport | null; title: string };
  let active: (typeof chartTab)[];
  let asked: string[];

  beforeEach(() => {
    fakeBrowser.reset();
    chart = { report: spy, title: SPY_TITLE };
    active = [chartTab];
    asked = [];
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async () => active as never);
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(
      async (id) => (active.find((t) => t.id === id) ?? { ...chartTab, id, url: undefined }) as never,
    );
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tab: number, message: unknown) => {
      const type = (message as { type: string }).type;
      asked.push(type);
      // No content script of ours in the tab: the browser finds no receiver.
      if (chart.report === null)
        throw new Error('Could not establish connection. Receiving end does not exist.');
      return type === 'chart.quote' ? chart.title : rereadOf(chart.report);
    }) as never);
    service = createService({
      connections: createConnections({ liveFetch: () => Promise.reject(new Error('no network')) }),
      now: () => 10_000,
      rereadChart: async () => null,
      onChange: () => undefined,
    });
    route = createRouter({
      service,
      chartTabs: createChartTabs(),
      now: () => 10_000,
      onChartReport: () => undefined,
      secret: async () => undefined,
    });
  });
  afterEach(async () => {
    await service.settled();
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  const popup = pageSender('popup.html');
  const ask = (sender: Parameters<typeof route>[1] = popup) => route({ type: 'chart.active' }, sender);

  it('answers the toolbar popup with the active tab chart, read now, and its price from the title', async () => {
    expect(await ask()).toEqual({
      ok: true,
      value: {
        status: 'ready',
        underlying: 'SPY',
        shown: 'SPY',
        exchange: 'NYSE Arca',
        mapped: false,
        price: 585.12,
      },
    });
    // Asked at the moment of asking (the click-time re-read), then the title.
    expect(asked).toEqual(['chart.reread', 'chart.quote']);
    expect(fakeBrowser.tabs.query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
  });

  it('refuses every sender but the toolbar popup, and asks no tab for them', async () => {
    await route({ type: 'overlay.frame', frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }, chartSender(7));
    const overlay = pageSender('overlay.html', 7);
    const copy = { ...pageSender('overlay.html', 7), frameId: OVERLAY_FRAME + 3 };
    const confirmPage = { ...pageSender('confirm.html'), tab: { id: 40, windowId: 41 } as never, frameId: 0 };
    const stranger = { id: 'other-extension', url: 'chrome-extension://other/popup.html' };
    const webPage = {
      id: fakeBrowser.runtime.id,
      url: 'https://example.com/',
      tab: { id: 9 } as never,
      frameId: 0,
    };
    for (const sender of [
      chartSender(7),
      overlay,
      copy,
      pageSender('options.html'),
      confirmPage,
      stranger,
      webPage,
    ]) {
      expect(await ask(sender as never)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
    }
    expect(await ask(copy as never)).toMatchObject({
      ok: false,
      error: expect.stringContaining(NOT_OUR_FRAME),
    });
    expect(await ask(pageSender('options.html'))).toEqual({
      ok: false,
      error: 'Refused: only the toolbar popup asks for the chart in the active tab.',
    });
    expect(asked).toEqual([]);
  });

  it('gives no chart when no tab is active, the tab is no chart page, or no content script of ours answers', async () => {
    active = [];
    expect(await ask()).toEqual({ ok: true, value: { status: 'none', reason: 'noChart', detail: '' } });

    // A page that is not a TradingView chart (nor a site switched on) is never asked, whatever would answer.
    active = [{ ...chartTab, url: 'https://example.com/chart/xyz/' }];
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'noChart' } });
    active = [{ ...chartTab, url: 'https://finance.yahoo.com/quote/SPY/' }];
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'noChart' } });
    // A tab whose address the extension may not read (no host permission) has none.
    active = [{ ...chartTab, url: undefined as never }];
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'noChart' } });

    // A chart page without our content script (or before it placed our panel) does not answer.
    active = [chartTab];
    chart.report = null;
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'noChart' } });
    expect(asked).not.toContain('chart.quote');
  });

  it('gives no chart for an answer without our frame, or junk', async () => {
    vi.mocked(fakeBrowser.tabs.sendMessage).mockImplementation((async () => ({
      report: spy,
      frameId: null,
      frameKey: 'not-a-key',
      frameProblem: null,
    })) as never);
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'noChart' } });
    vi.mocked(fakeBrowser.tabs.sendMessage).mockImplementation((async () => 'SPY') as never);
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'noChart' } });
  });

  it('says the symbol is not settled while the chart settles, with the chart own reason, and gives no price', async () => {
    chart.report = {
      ...spy,
      symbol: 'QQQ',
      underlying: null,
      state: 'settling',
      reason: 'The symbol just changed; waiting for it to settle.',
    };
    expect(await ask()).toEqual({
      ok: true,
      value: {
        status: 'none',
        reason: 'notSettled',
        detail: 'The symbol just changed; waiting for it to settle.',
      },
    });
    chart.report = {
      ...spy,
      symbol: null,
      underlying: null,
      state: 'ambiguous',
      reason: 'Sources disagree.',
    };
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'none', reason: 'notSettled' } });
    expect(asked).not.toContain('chart.quote');
  });

  it('reads the tab at the time of asking, not what it reported before', async () => {
    const chartTabs = createChartTabs();
    // The tab reported SPY, ready; since then its chart moved on and is settling.
    chartTabs.set(chartTab.id, spy);
    chart.report = { ...spy, symbol: 'QQQ', underlying: null, state: 'settling', reason: 'Settling.' };
    expect(await readActiveChart({ chartTabs, settings: async () => DEFAULT_SETTINGS })).toMatchObject({
      status: 'none',
      reason: 'notSettled',
    });
    // And the stored reading follows the answer, as after a click-time re-read.
    expect(chartTabs.known(chartTab.id)?.state).toBe('settling');
  });

  it('says a symbol that cannot be traded as shown is untradable; mapped, it gives the underlying but no price', async () => {
    chart = {
      report: { ...spy, symbol: 'ES1!', exchange: 'CME', underlying: null, state: 'ready' },
      title: 'ES1! 5,925.25 ▲ +0.10% Unnamed',
    };
    expect(await ask()).toMatchObject({
      ok: true,
      value: { status: 'none', reason: 'untradable', detail: expect.stringContaining('continuous') },
    });
    await route(
      { type: 'settings.update', patch: { symbolMap: { 'ES1!': 'SPY' } } },
      pageSender('options.html'),
    );
    // ES1!'s price is not SPY's: the trader types the underlying's.
    expect(await ask()).toEqual({
      ok: true,
      value: {
        status: 'ready',
        underlying: 'SPY',
        shown: 'ES1!',
        exchange: 'CME',
        mapped: true,
        price: null,
      },
    });
  });

  it('gives no price when the title names another symbol or shows none', async () => {
    chart.title = 'QQQ 512.30 ▲ +0.20% Unnamed';
    expect(await ask()).toMatchObject({
      ok: true,
      value: { status: 'ready', underlying: 'SPY', price: null },
    });
    chart.title = 'Live stock, index, futures, Forex and Bitcoin charts on TradingView';
    expect(await ask()).toMatchObject({
      ok: true,
      value: { status: 'ready', underlying: 'SPY', price: null },
    });
    chart.title = 'x'.repeat(600);
    expect(await ask()).toMatchObject({ ok: true, value: { status: 'ready', price: null } });
  });

  it('gives no chart when the tab never answers, after a short wait', async () => {
    vi.useFakeTimers();
    const chartTabs = createChartTabs();
    vi.spyOn(chartTabs, 'reread').mockImplementation(() => new Promise(() => {}));
    let answer: unknown;
    void readActiveChart({ chartTabs, settings: async () => DEFAULT_SETTINGS }).then((a) => {
      answer = a;
    });
    await vi.advanceTimersByTimeAsync(ACTIVE_CHART_WAIT_MS - 100);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(answer).toEqual({ status: 'none', reason: 'noChart', detail: '' });
  });
});
