// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { createConnections } from '@/entrypoints/background/connection';
import { createRouter } from '@/entrypoints/background/messages';
import { createService, type Service } from '@/entrypoints/background/service';
import type { ChartReport } from '@/lib/chart/types';
import { NOT_OUR_FRAME, ROUTES } from '@/lib/messaging/protocol';
import { requestSchema } from '@/lib/messaging/schemas';
import { SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import { botBindingsItem, journalItem } from '@/lib/storage/items';
import { chartSender, OVERLAY_FRAME, OVERLAY_KEY, pageSender } from '../senders';

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
    // The tab's content script says which frame is its overlay.
    expect(
      await route({ type: 'overlay.frame', frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }, chart(5)),
    ).toEqual({ ok: true, value: null });
    expect(await route({ type: 'chart.current' }, page('overlay.html', 5))).toMatchObject({
      ok: true,
      value: { symbol: 'ES1!', state: 'unsupported' },
    });
    await route({ type: 'settings.update', patch: { symbolMap: { 'ES1!': 'SPY' } } }, page('options.html'));
    expect(await route({ type: 'chart.current' }, page('overlay.html', 5))).toMatchObject({
      ok: true,
      value: { symbol: 'ES1!', underlying: 'SPY', state: 'ready' },
    });
    // Tab 6 never placed an overlay: an overlay.html there is a page's own copy.
    expect(await route({ type: 'chart.current' }, page('overlay.html', 6))).toMatchObject({
      ok: false,
      error: expect.stringContaining(NOT_OUR_FRAME),
    });
  });

  it('has a route for every message type, and refuses every sender the route does not name', async () => {
    expect(Object.keys(ROUTES).sort()).toEqual(
      requestSchema.def.options
        .map((o) => (o.def.shape.type as { def: { values: string[] } }).def.values[0])
        .sort(),
    );
    await route({ type: 'overlay.frame', frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }, chart(5));
    const overlay = page('overlay.html', 5);
    const views = { popup: page('popup.html'), options: page('options.html') };
    // The overlay may not touch the secret, the journal or the mode.
    for (const message of [
      { type: 'connection.saveSecret', secret: 'x', sessionOnly: false },
      { type: 'connection.forgetSecret' },
      { type: 'connection.setMode', mode: 'paper' },
      { type: 'journal.list' },
      { type: 'journal.export', format: 'csv' },
      { type: 'reads.refresh' },
    ]) {
      expect(await route(message, overlay)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
    }
    // Views may not speak for a chart tab's frame, nor report a chart.
    for (const message of [
      { type: 'overlay.reset' },
      { type: 'chart.current' },
      { type: 'chart.report', report },
    ]) {
      expect(await route(message, views.popup)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
    }
    // The content script may report, and nothing else.
    for (const message of [{ type: 'state.get' }, order, { type: 'settings.update', patch: {} }]) {
      expect(await route(message, chart(5))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
    }
    expect(await route({ type: 'state.get' }, views.options)).toMatchObject({ ok: true });
    expect(await route({ type: 'state.get' }, overlay)).toMatchObject({ ok: true });
    // Only the confirmation window decides a window order: not the overlay, the content script or a view.
    const decide = { type: 'confirm.decide', id: '00000000-0000-4000-8000-0000000000aa', confirm: true };
    for (const sender of [overlay, chart(5), views.popup, views.options]) {
      for (const message of [decide, { type: 'confirm.get', id: decide.id }]) {
        expect(await route(message, sender)).toMatchObject({
          ok: false,
          error: expect.stringMatching(/^Refused/),
        });
      }
    }
    // The confirmation page itself, with an id no order waits under, is refused too, and sees nothing.
    const confirmPage = { ...page('confirm.html'), tab: { id: 40, windowId: 41 } as never, frameId: 0 };
    expect(await route(decide, confirmPage)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^Refused/),
    });
    expect(await route({ type: 'confirm.get', id: decide.id }, confirmPage)).toEqual({
      ok: true,
      value: null,
    });
  });

  it('takes the order source from the sender: an overlay saying it is the popup is still re-checked against its chart', async () => {
    await route({ type: 'overlay.frame', frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }, chart(5));
    // The bot trades SPY (a chart order needs that binding before anything else is asked of the chart).
    await botBindingsItem.setValue({ [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'SPY' } });
    // The chart re-read answers nothing here: an overlay order must be held for it, whatever `from` says.
    expect(
      await route({ ...order, from: 'popup', chartSymbol: 'SPY' }, page('overlay.html', 5)),
    ).toMatchObject({
      ok: true,
      value: { status: 'held', reason: 'symbol' },
    });
    expect(await journalItem.getValue()).toEqual([]);
    // From the popup the same message needs no chart, and is journaled as the popup's.
    expect(await route({ ...order, from: 'overlay' }, page('popup.html'))).toMatchObject({
      ok: true,
      value: { status: 'placed' },
    });
    expect((await journalItem.getValue())?.map((e) => e.from)).toEqual(['popup']);
  });

  it('refuses a copy of overlay.html the page framed itself, in a chart tab with our own overlay', async () => {
    await route({ type: 'overlay.frame', frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }, chart(5));
    const copy = { ...page('overlay.html', 5), frameId: OVERLAY_FRAME + 4 };
    for (const message of [{ type: 'state.get' }, { ...order, from: 'overlay', chartSymbol: 'SPY' }]) {
      expect(await route(message, copy)).toMatchObject({
        ok: false,
        error: expect.stringContaining(NOT_OUR_FRAME),
      });
    }
    expect(await journalItem.getValue()).toEqual([]);
  });

  it('will not switch to Live without a secret, and says why', async () => {
    expect(await route({ type: 'connection.setMode', mode: 'live' }, page('options.html'))).toEqual({
      ok: false,
      error: 'Save your secret first: Live needs it.',
    });
  });
});
