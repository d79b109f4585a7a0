import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { createConnections } from '@/entrypoints/background/connection';
import { createRouter } from '@/entrypoints/background/messages';
import { createService, type Service } from '@/entrypoints/background/service';
import type { ChartReport } from '@/lib/chart/types';
import { SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import { journalItem } from '@/lib/storage/items';
import { chartSender, pageSender } from '../senders';

const report: ChartReport = {
  symbol: 'ES1!',
  exchange: 'CME',
  underlying: null,
  state: 'unsupported',
  reason: 'A continuous future is not a tradable contract: map it in Settings.',
  changedAt: 0,
  theme: 'dark',
};

describe('message router', () => {
  let service: Service;
  let pushed: number[];
  let route: ReturnType<typeof createRouter>;
  const page = pageSender;
  const chart = chartSender;
  const order = {
    type: 'order.place',
    order: { kind: 'enterBot', bot: SPY_CREDIT_SPREAD_BOT },
    from: 'popup',
    confirmed: false,
  };

  beforeEach(() => {
    fakeBrowser.reset();
    pushed = [];
    const chartTabs = createChartTabs();
    service = createService({
      connections: createConnections({
        liveFetch: () => Promise.reject(new Error('no network in this test')),
      }),
      now: () => 10_000,
      rereadChart: async () => null,
      onChange: () => undefined,
    });
    route = createRouter({
      service,
      chartTabs,
      now: () => 10_000,
      onChartReport: (tabId) => pushed.push(tabId),
      secret: async () => undefined,
    });
  });
  afterEach(() => service.settled());

  it('refuses anything that is not a protocol message, without throwing', async () => {
    for (const junk of [
      null,
      42,
      'order',
      { type: 'order.place' },
      { type: 'order.place', order: { kind: 'x' } },
      { type: 'nope' },
    ]) {
      expect(await route(junk, page('popup.html'))).toEqual({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
    }
    expect(await journalItem.getValue()).toEqual([]);
  });

  it('never takes an order from a content script or a stranger', async () => {
    expect(await route(order, chart(3))).toMatchObject({
      ok: false,
      error: expect.stringContaining('own pages'),
    });
    expect(
      await route(order, { id: 'other-extension', url: 'chrome-extension://other/popup.html' }),
    ).toMatchObject({
      ok: false,
    });
    expect(await journalItem.getValue()).toEqual([]);
    expect(await route(order, page('popup.html'))).toMatchObject({ ok: true, value: { status: 'placed' } });
  });

  it('takes chart reports only from a chart tab and hands them to that tab overlay, mapped', async () => {
    expect(await route({ type: 'chart.report', report }, page('popup.html'))).toMatchObject({ ok: false });
    expect(await route({ type: 'chart.report', report }, chart(5))).toEqual({ ok: true, value: null });
    expect(pushed).toEqual([5]);
    expect(await route({ type: 'chart.current' }, page('overlay.html', 5))).toMatchObject({
      ok: true,
      value: { symbol: 'ES1!', state: 'unsupported' },
    });
    await route({ type: 'settings.update', patch: { symbolMap: { 'ES1!': 'SPY' } } }, page('options.html'));
    expect(await route({ type: 'chart.current' }, page('overlay.html', 5))).toMatchObject({
      ok: true,
      value: { symbol: 'ES1!', underlying: 'SPY', state: 'ready' },
    });
    expect(await route({ type: 'chart.current' }, page('overlay.html', 6))).toEqual({
      ok: true,
      value: null,
    });
  });

  it('will not switch to Live without a secret, and says why', async () => {
    expect(await route({ type: 'connection.setMode', mode: 'live' }, page('options.html'))).toEqual({
      ok: false,
      error: 'Save and test your webhook secret before switching to Live.',
    });
  });
});
