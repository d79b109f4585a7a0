import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { WINDOW_MS } from '@/entrypoints/background/rate-budget';
import { registerShortcuts, SHORTCUTS } from '@/entrypoints/background/shortcuts';
import { botId } from '@/lib/api/types';
import type { OrderReply } from '@/lib/messaging/protocol';
import { QQQ_SHORT_PUT_BOT, SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import { chartTab, rereadOf } from '../unit/senders';
import {
  createRig,
  expectClearMessage,
  faultFileLifecycle,
  overlay,
  popup,
  type Rig,
  readyChart,
} from './harness';

/**
 * Many clicks at once: double and triple clicks, a held-down shortcut, the popup and two chart
 * tabs acting together, and views asking for reads as fast as they can. Exactly the intended
 * orders reach the API, and reads stay inside the trader's share of the rate limit.
 */

// Fresh storage per case; nothing this file does may print or answer the secret.
faultFileLifecycle();

const statuses = (replies: OrderReply[]) => replies.map((r) => r.status).sort();

/** Every reply a trader sees in a storm is readable, whether placed or held. */
function expectReadable(replies: OrderReply[]): void {
  for (const reply of replies) expectClearMessage(reply.message, `${reply.status} reply`);
}

/** The most requests the sandbox saw in any rolling 60 s (by its clock). */
function busiestMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= WINDOW_MS) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

/** Registers the shortcuts against the rig, with the chart tab's content script answering `report`. */
function shortcutKeys(rig: Rig, report = readyChart('SPY')) {
  let listener: ((command: string, tab?: { id?: number }) => Promise<void>) | undefined;
  const spies = [
    vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((l) => {
      listener = l as typeof listener;
    }),
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(async () => rereadOf(report)),
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (id) => ({ ...chartTab, id })),
  ];
  registerShortcuts({ service: rig.service, chartTabs: createChartTabs(), now: rig.now });
  return {
    press: (command: string, tabId: number) => listener?.(command, { id: tabId }) ?? Promise.resolve(),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

describe('Storms', () => {
  describe('double and triple clicks', () => {
    for (const clicks of [2, 3, 5]) {
      for (const kind of [
        'enterBot',
        'enterLegs',
        'exitTrade',
        'closeBot',
        'closeTrade',
        'trimTrade',
      ] as const) {
        it(`${clicks} concurrent confirmed clicks on ${kind}: one POST`, async () => {
          const rig = createRig();
          await rig.goLive();
          const order = rig.orders()[kind];
          const replies = await Promise.all(Array.from({ length: clicks }, () => rig.place(order)));
          await rig.settled();
          expect(statuses(replies)).toEqual([...Array<string>(clicks - 1).fill('held'), 'placed'].sort());
          for (const r of replies) if (r.status === 'held') expect(r.reason).toBe('inFlight');
          expectReadable(replies);
          expect(rig.posts()).toHaveLength(1);
          expect((await rig.ask({ type: 'journal.list' })).map((e) => e.status)).toEqual(['placed']);
        });
      }
    }

    it('a slow answer: clicks that land while the order is in flight are held, not queued', async () => {
      const rig = createRig({ timeoutMs: 400 });
      await rig.goLive();
      rig.live.control.setFault({ kind: 'slow', delayMs: 150, match: 'orders', count: 1 });
      const first = rig.place(rig.orders().enterBot);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const during = await Promise.all([rig.place(rig.orders().enterBot), rig.place(rig.orders().enterBot)]);
      expect(during.map((r) => r.status === 'held' && r.reason)).toEqual(['inFlight', 'inFlight']);
      expect(await rig.ask({ type: 'state.get' })).toMatchObject({ inFlight: [expect.any(String)] });
      expect((await first).status).toBe('placed');
      await rig.settled();
      expect(rig.posts()).toHaveLength(1);
    });

    it('one-click Live: a double click one after the other is held as a repeat', async () => {
      const rig = createRig();
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      const first = await rig.place(rig.orders().enterBot, { confirmed: false });
      rig.advance(300);
      const second = await rig.place(rig.orders().enterBot, { confirmed: false });
      rig.advance(300);
      const third = await rig.place(rig.orders().enterBot, { confirmed: false });
      expect([first.status, second.status, third.status]).toEqual(['placed', 'held', 'held']);
      expect(second).toMatchObject({ reason: 'repeat' });
      expectReadable([second, third]);
      await rig.settled();
      expect(rig.posts()).toHaveLength(1);
    });

    it('Paper: a triple click places one Paper trade and nothing reaches the Live API', async () => {
      const rig = createRig();
      const before = (await rig.ask({ type: 'reads.refresh' })).openTrades.length;
      const replies = await Promise.all(
        [1, 2, 3].map(() => rig.place(rig.orders().enterBot, { confirmed: false })),
      );
      await rig.settled();
      expect(statuses(replies)).toEqual(['held', 'held', 'placed']);
      const after = (await rig.ask({ type: 'reads.refresh' })).openTrades.length;
      expect(after).toBe(before + 1);
      expect(rig.live.control.requests()).toHaveLength(0);
    });
  });

  describe('held-down shortcut', () => {
    it('20 rapid presses of "enter via bot" at once: one POST', async () => {
      const rig = createRig({ charts: { 7: readyChart('SPY') } });
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true, botBySymbol: { SPY: botId(SPY_CREDIT_SPREAD_BOT) } });
      const keys = shortcutKeys(rig);
      await Promise.all(Array.from({ length: 20 }, () => keys.press(SHORTCUTS.enter, 7)));
      await rig.settled();
      keys.restore();
      expect(rig.posts()).toHaveLength(1);
      expect(rig.posts()[0]?.path).toMatch(new RegExp(`/enter/${SPY_CREDIT_SPREAD_BOT}$`));
    });

    it('20 presses of "enter via bot", 30 ms apart as a key repeats: one POST', async () => {
      const rig = createRig({ charts: { 7: readyChart('SPY') } });
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true, defaultBot: botId(SPY_CREDIT_SPREAD_BOT) });
      const keys = shortcutKeys(rig);
      for (let i = 0; i < 20; i++) {
        await keys.press(SHORTCUTS.enter, 7);
        rig.advance(30);
      }
      await rig.settled();
      keys.restore();
      expect(rig.posts()).toHaveLength(1);
    });

    it('20 rapid presses of "exit newest on chart" at once: one POST', async () => {
      const rig = createRig({ charts: { 7: readyChart('SPY') } });
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      await rig.ask({ type: 'reads.refresh' });
      const keys = shortcutKeys(rig);
      await Promise.all(Array.from({ length: 20 }, () => keys.press(SHORTCUTS.exit, 7)));
      await rig.settled();
      keys.restore();
      expect(rig.posts()).toHaveLength(1);
      expect(rig.posts()[0]?.path).toMatch(/\/exit\/\d+$/);
    });

    it('20 presses of "exit newest on chart", 30 ms apart, with two trades on the symbol: one POST', async () => {
      const rig = createRig({ charts: { 7: readyChart('SPY') } });
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      expect((await rig.place(rig.orders().enterBot)).status).toBe('placed');
      await rig.settled();
      rig.advance(1_000);
      await rig.ask({ type: 'reads.refresh' });
      const keys = shortcutKeys(rig);
      for (let i = 0; i < 20; i++) {
        await keys.press(SHORTCUTS.exit, 7);
        await rig.settled();
        rig.advance(30);
      }
      keys.restore();
      expect(rig.posts().filter((p) => p.path.includes('/exit'))).toHaveLength(1);
    });

    it('Live without one-click: 20 presses send nothing and ask for the overlay', async () => {
      const rig = createRig({ charts: { 7: readyChart('SPY') } });
      await rig.goLive();
      await rig.setSettings({ defaultBot: botId(SPY_CREDIT_SPREAD_BOT) });
      const keys = shortcutKeys(rig);
      await Promise.all(Array.from({ length: 20 }, () => keys.press(SHORTCUTS.enter, 7)));
      keys.restore();
      expect(rig.posts()).toHaveLength(0);
      const shown = Object.values(await fakeBrowser.notifications.getAll()) as { message: string }[];
      expect(shown.length).toBeGreaterThan(0);
      for (const n of shown) expectClearMessage(n.message, 'shortcut notification');
    });

    it('20 rapid "shortcut" orders through the router from the popup context: one POST', async () => {
      const rig = createRig({ charts: { 7: readyChart('SPY') } });
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      const replies = await Promise.all(
        Array.from({ length: 20 }, () =>
          rig.place(
            rig.orders().enterBot,
            { from: 'shortcut', confirmed: false, chartSymbol: 'SPY' },
            overlay(7),
          ),
        ),
      );
      await rig.settled();
      expect(replies.filter((r) => r.status === 'placed')).toHaveLength(1);
      expectReadable(replies);
      expect(rig.posts()).toHaveLength(1);
    });
  });

  describe('popup and two chart tabs', () => {
    it('three views act at once on different orders, each double-clicked: exactly three POSTs', async () => {
      const rig = createRig({ charts: { 11: readyChart('SPY'), 12: readyChart('QQQ') } });
      await rig.goLive();
      const orders = rig.orders();
      const qqqEntry = { kind: 'enterBot' as const, bot: botId(QQQ_SHORT_PUT_BOT) };
      const fromPopup = () => rig.place(orders.trimTrade, {}, popup());
      const fromSpyTab = () =>
        rig.place(orders.closeTrade, { from: 'overlay', chartSymbol: 'SPY' }, overlay(11));
      const fromQqqTab = () => rig.place(qqqEntry, { from: 'overlay', chartSymbol: 'QQQ' }, overlay(12));
      const replies = await Promise.all([
        fromPopup(),
        fromSpyTab(),
        fromQqqTab(),
        fromQqqTab(),
        fromPopup(),
        fromSpyTab(),
      ]);
      await rig.settled();
      expect(replies.filter((r) => r.status === 'placed')).toHaveLength(3);
      expectReadable(replies);
      const paths = rig
        .posts()
        .map((p) => p.path.replace('/webhook/{secret}/', ''))
        .sort();
      expect(paths).toEqual([`enter/${QQQ_SHORT_PUT_BOT}`, 'exit', 'exit'].sort());
      const bodies = rig.posts().map((p) => JSON.stringify(p.body));
      expect(bodies).toContain(
        JSON.stringify({ trade: orders.closeTrade.kind === 'closeTrade' ? orders.closeTrade.trade : 0 }),
      );
      expect((await rig.ask({ type: 'journal.list' })).filter((e) => e.status === 'placed')).toHaveLength(3);
    });

    it('a tab whose chart moved to another symbol sends nothing while the other views trade', async () => {
      const rig = createRig({ charts: { 11: readyChart('QQQ'), 12: readyChart('SPY') } });
      await rig.goLive();
      const orders = rig.orders();
      const replies = await Promise.all([
        rig.place(orders.enterBot, { from: 'overlay', chartSymbol: 'SPY' }, overlay(11)),
        rig.place(orders.enterBot, { from: 'overlay', chartSymbol: 'SPY' }, overlay(12)),
        rig.place(orders.exitTrade, {}, popup()),
      ]);
      await rig.settled();
      expect(replies[0]).toMatchObject({ status: 'held', reason: 'symbol' });
      expectClearMessage(replies[0]?.message, 'symbol hold');
      expect(replies[1]?.status).toBe('placed');
      expect(replies[2]?.status).toBe('placed');
      expect(rig.posts()).toHaveLength(2);
    });

    it('two browser windows on the same chart send the same order once', async () => {
      const rig = createRig({ charts: { 21: readyChart('SPY'), 31: readyChart('SPY') } });
      await rig.goLive();
      const order = rig.orders().enterBot;
      const replies = await Promise.all([
        rig.place(order, { from: 'overlay', chartSymbol: 'SPY' }, overlay(21)),
        rig.place(order, { from: 'overlay', chartSymbol: 'SPY' }, overlay(31)),
        rig.place(order, {}, popup()),
      ]);
      await rig.settled();
      expect(statuses(replies)).toEqual(['held', 'held', 'placed']);
      expect(rig.posts()).toHaveLength(1);
    });
  });

  describe('read storms', () => {
    for (const [share, reserve] of [
      [50, 10],
      [20, 5],
      [6, 2],
    ] as const) {
      it(`share ${share}, reserve ${reserve}: any 60 s of the log stays within the share, orders keep their reserve`, async () => {
        const rig = createRig();
        await rig.goLive();
        await rig.setSettings({ budgetShare: share, orderReserve: reserve });
        const orderReplies: OrderReply[] = [];
        // Three simulated minutes: every 2 s all views ask for reads at once, an order now and then.
        for (let second = 0; second < 180; second += 2) {
          await Promise.all([
            ...Array.from({ length: 8 }, () => rig.ask({ type: 'reads.refresh' })),
            ...Array.from({ length: 4 }, () => rig.service.refreshReads()),
          ]);
          if (second % 30 === 0) orderReplies.push(await rig.place(rig.orders().enterBot));
          rig.advance(2_000);
        }
        await rig.settled();
        const log = rig.live.control.requests();
        expect(
          log.every((r) => r.status !== 429),
          'the API never had to refuse',
        ).toBe(true);
        expect(busiestMinute(log.map((r) => r.at))).toBeLessThanOrEqual(share);
        expect(busiestMinute(rig.gets().map((r) => r.at))).toBeLessThanOrEqual(share - reserve);
        expect(orderReplies).toHaveLength(6);
        expect(
          orderReplies.filter((r) => r.status !== 'placed'),
          'no order was held by the budget: reads never ate the reserve',
        ).toEqual([]);
        const state = await rig.ask({ type: 'state.get' });
        expect(state.budget.used).toBeLessThanOrEqual(share);
      });
    }
  });
});
