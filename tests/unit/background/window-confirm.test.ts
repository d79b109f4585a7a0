// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createConnections } from '@/entrypoints/background/connection';
import { createService } from '@/entrypoints/background/service';
import {
  CONFIRM_WINDOW_MS,
  WINDOW_BUSY,
  WINDOW_CLOSED,
  WINDOW_EXPIRED,
  type WindowOpener,
} from '@/entrypoints/background/window-confirm';
import { botId } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import type { FrameProblem, OrderReply } from '@/lib/messaging/protocol';
import { createSandbox, SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import { botBindingsItem, modeItem, secretItem, settingsItem } from '@/lib/storage/items';
import { OVERLAY_FRAME, OVERLAY_KEY } from '../senders';

const LIVE_SECRET = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';
const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const SPY: ChartReport = {
  symbol: 'SPY',
  exchange: 'NYSE Arca',
  underlying: 'SPY',
  state: 'ready',
  reason: '',
  changedAt: T0 - 10_000,
  theme: 'dark',
};
const enterSpy = { kind: 'enterBot' as const, bot: botId(SPY_CREDIT_SPREAD_BOT) };
const WINDOW = { windowId: 40, tabId: 41 };
const running: { settled(): Promise<void> }[] = [];

/** A Live service whose overlay orders cannot be proven visible (Firefox), or whose frame check fails. */
function setup(opts: { unproven?: boolean; frameProblem?: FrameProblem | null; opener?: boolean } = {}) {
  let t = T0;
  const now = () => t;
  const live = createSandbox({ secret: LIVE_SECRET, now, timeZone: 'UTC' });
  const ids: string[] = [];
  const opener: WindowOpener = {
    open: vi.fn(async (id: string) => {
      ids.push(id);
      return WINDOW;
    }),
    close: vi.fn(async () => {}),
    focus: vi.fn(async () => {}),
  };
  const service = createService({
    connections: createConnections({ liveFetch: (r) => live.fetch(r), timeoutMs: 200 }),
    now,
    rereadChart: async () => ({
      report: SPY,
      frameId: OVERLAY_FRAME,
      frameKey: OVERLAY_KEY,
      frameProblem: opts.frameProblem ?? null,
    }),
    onChange: () => {},
    visibilityUnproven: opts.unproven ?? false,
    ...(opts.opener === false ? {} : { confirmWindow: opener }),
  });
  running.push(service);
  const fromOverlay = (confirmed = false) =>
    service.placeOrder({
      order: enterSpy,
      from: 'overlay',
      confirmed,
      chartSymbol: 'SPY',
      tabId: 3,
      frame: { frameId: OVERLAY_FRAME },
    });
  /** Resolves once the window for the next order has been opened; its id. */
  const opened = async (): Promise<string> => {
    await vi.waitFor(() => expect(ids.length).toBeGreaterThan(0));
    return ids[ids.length - 1] as string;
  };
  return {
    service,
    opener,
    opened,
    fromOverlay,
    posts: () => live.control.requests().filter((r) => r.method === 'POST'),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const theWindow = { tabId: WINDOW.tabId, windowId: WINDOW.windowId };

describe('Live overlay orders confirmed in the extension window', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await secretItem.setValue({ value: LIVE_SECRET, savedAt: T0 });
    await modeItem.setValue('live');
    await botBindingsItem.setValue({ [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'SPY' } });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(running.splice(0).map((s) => s.settled()));
  });

  it('where visibility is unproven, one click opens the window; confirming there sends exactly one order', async () => {
    const s = setup({ unproven: true });
    const reply = s.fromOverlay(false);
    const id = await s.opened();
    expect(s.posts()).toEqual([]);
    const view = s.service.windowOrders.view(id, theWindow);
    expect(view).toMatchObject({ mode: 'live', order: enterSpy, symbol: 'SPY' });
    expect(view?.rows).toContainEqual({ label: 'Symbol', value: 'SPY' });
    expect(view?.note).toMatch(/cannot prove the panel/);
    const decided = await s.service.windowOrders.decide(id, true, theWindow);
    expect(decided.status).toBe('placed');
    expect(await reply).toEqual(decided);
    expect(s.posts()).toHaveLength(1);
    expect(s.opener.close).toHaveBeenCalledWith(WINDOW.windowId);
    // Single use: a second decision with the same id is refused, and sends nothing.
    await expect(s.service.windowOrders.decide(id, true, theWindow)).rejects.toThrow(/Refused/);
    expect(s.posts()).toHaveLength(1);
    expect((await s.service.journal.list())[0]).toMatchObject({ from: 'overlay', status: 'placed' });
  });

  it('one-click Live does not skip the window where visibility is unproven', async () => {
    const s = setup({ unproven: true });
    await settingsItem.setValue({ ...(await settingsItem.getValue()), oneClickLive: true });
    const reply = s.fromOverlay(true);
    const id = await s.opened();
    expect(s.posts()).toEqual([]);
    s.service.windowOrders.closed(WINDOW.windowId);
    expect(await reply).toEqual({ status: 'held', reason: 'notConfirmed', message: WINDOW_CLOSED });
    expect(s.service.windowOrders.view(id, theWindow)).toBeNull();
    expect(s.posts()).toEqual([]);
  });

  it('a failed frame check opens the window for a Live order (Chromium), with what the page did', async () => {
    const s = setup({ frameProblem: 'zoom' });
    await settingsItem.setValue({ ...(await settingsItem.getValue()), oneClickLive: true });
    const reply = s.fromOverlay(false);
    const id = await s.opened();
    expect(s.service.windowOrders.view(id, theWindow)?.note).toMatch(/The page zoomed the panel/);
    // Confirmed in the window, the frame check no longer holds it (the chart and frame still do).
    expect((await s.service.windowOrders.decide(id, true, theWindow)).status).toBe('placed');
    expect((await reply).status).toBe('placed');
    expect(s.posts()).toHaveLength(1);
  });

  it('a proven, plainly shown panel with one-click Live sends at once, with no window', async () => {
    const s = setup();
    await settingsItem.setValue({ ...(await settingsItem.getValue()), oneClickLive: true });
    expect((await s.fromOverlay(false)).status).toBe('placed');
    expect(s.opener.open).not.toHaveBeenCalled();
  });

  it('a window that times out sends nothing, and an order confirmed after its time is not sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = setup({ unproven: true });
    const reply = s.fromOverlay(false);
    const id = await s.opened();
    s.advance(CONFIRM_WINDOW_MS + 1);
    vi.advanceTimersByTime(CONFIRM_WINDOW_MS + 1);
    expect(await reply).toEqual({ status: 'held', reason: 'notConfirmed', message: WINDOW_EXPIRED });
    expect(s.opener.close).toHaveBeenCalledWith(WINDOW.windowId);
    await expect(s.service.windowOrders.decide(id, true, theWindow)).rejects.toThrow(/Refused/);
    expect(s.posts()).toEqual([]);
  });

  it('one order waits at a time: a second click meanwhile raises the open window and queues nothing', async () => {
    const s = setup({ unproven: true });
    const first = s.fromOverlay(false);
    const id = await s.opened();
    const second: OrderReply = await s.service.placeOrder({
      order: { kind: 'closeBot', bot: botId(SPY_CREDIT_SPREAD_BOT), close: 'all' },
      from: 'overlay',
      confirmed: false,
      chartSymbol: 'SPY',
      tabId: 3,
      frame: { frameId: OVERLAY_FRAME },
    });
    expect(second).toEqual({ status: 'held', reason: 'inFlight', message: WINDOW_BUSY });
    expect(s.opener.focus).toHaveBeenCalledWith(WINDOW.windowId);
    expect(await s.service.windowOrders.decide(id, false, theWindow)).toMatchObject({
      reason: 'notConfirmed',
    });
    expect(await first).toMatchObject({ status: 'held', reason: 'notConfirmed' });
    expect(s.posts()).toEqual([]);
  });

  it('only the window opened for the order may see or decide it: another tab or window, a wrong id, are refused', async () => {
    const s = setup({ unproven: true });
    const reply = s.fromOverlay(false);
    const id = await s.opened();
    const otherTab = { tabId: 3, windowId: WINDOW.windowId };
    const otherWindow = { tabId: WINDOW.tabId, windowId: 1 };
    const wrongId = '00000000-0000-4000-8000-00000000dead';
    expect(s.service.windowOrders.view(id, otherTab)).toBeNull();
    await expect(s.service.windowOrders.decide(id, true, otherTab)).rejects.toThrow(/Refused/);
    await expect(s.service.windowOrders.decide(id, true, otherWindow)).rejects.toThrow(/Refused/);
    await expect(s.service.windowOrders.decide(wrongId, true, theWindow)).rejects.toThrow(/Refused/);
    expect(s.posts()).toEqual([]);
    // Still waiting for the trader: the forgeries used nothing up.
    expect((await s.service.windowOrders.decide(id, true, theWindow)).status).toBe('placed');
    expect((await reply).status).toBe('placed');
    expect(s.posts()).toHaveLength(1);
  });

  it('Paper, and the popup, never use the window', async () => {
    const s = setup({ unproven: true });
    expect(
      (await s.service.placeOrder({ order: enterSpy, from: 'popup', confirmed: true, tabId: null })).status,
    ).toBe('placed');
    await modeItem.setValue('paper');
    const paper = await s.service.placeOrder({
      order: { kind: 'closeBot', bot: botId(SPY_CREDIT_SPREAD_BOT), close: 'all' },
      from: 'overlay',
      confirmed: true,
      chartSymbol: 'SPY',
      tabId: 3,
      frame: { frameId: OVERLAY_FRAME },
    });
    expect(paper.status).not.toBe('held');
    expect(s.opener.open).not.toHaveBeenCalled();
  });

  it('without a way to open the window, nothing is sent', async () => {
    const s = setup({ unproven: true, opener: false });
    expect(await s.fromOverlay(false)).toMatchObject({ status: 'held', reason: 'notConfirmed' });
    expect(s.posts()).toEqual([]);
  });
});
