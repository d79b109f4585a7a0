import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { MAX_BLOCK_MS } from '@/entrypoints/background/rate-budget';
import { botId, type Order } from '@/lib/api/types';
import type { OrderReply } from '@/lib/messaging/protocol';
import { GENERIC_BOT } from '@/lib/sandbox';
import {
  journalAsideItem,
  journalItem,
  journalVersionItem,
  ordersInFlightItem,
  rateBudgetItem,
  recentOrdersItem,
} from '@/lib/storage/items';
import { chartSender } from '../unit/senders';
import { createRig, expectClearMessage, faultFileLifecycle, overlay, readyChart } from './harness';

/**
 * The order guards where they used to give way: a worker stopped mid-order, confirmations given in
 * two views at once, the same legs spelt two ways, storage that refuses a write, a Retry-After far
 * beyond the contract, a clock that jumps, a journal entry from a newer version. Each case failed before its fix (issue 12, guard gaps 1, 2
 * and 4 to 8).
 */

faultFileLifecycle();

const never = () => new Promise<Response>(() => {});

const legs = (symbol: string): Order => ({
  kind: 'enterLegs',
  bot: botId(GENERIC_BOT),
  legs: [
    { symbol, quantity: -1, expiration: '2026-12-18', type: 'put', strike: 560 },
    { symbol, quantity: 1, expiration: '2026-12-18', type: 'put', strike: 555 },
  ],
});

const items = {
  ordersInFlight: ordersInFlightItem,
  recentOrders: recentOrdersItem,
  rateBudget: rateBudgetItem,
};

const tokenOf = (reply: { guardToken?: string }) => reply.guardToken;

describe('Guards', () => {
  describe('worker stopped mid-order', () => {
    for (const oneClick of [false, true]) {
      it(`${oneClick ? 'one-click Live' : 'Live'}: after the restart the same order asks first, with the "outcome unknown" words, and is not sent again`, async () => {
        let hang = true;
        const rig = createRig({
          timeoutMs: 60_000,
          liveFetch: async (request, sandbox) => {
            if (hang && request.method === 'POST') {
              await sandbox.fetch(request);
              return never();
            }
            return sandbox.fetch(request);
          },
        });
        await rig.goLive();
        await rig.setSettings({ oneClickLive: oneClick });
        const order = rig.orders().enterBot;
        void rig.place(order, { confirmed: !oneClick }).catch(() => undefined);
        await vi.waitFor(() => expect(rig.posts()).toHaveLength(1));
        // The worker is stopped with the answer still out; a new one starts from storage.
        rig.restart();
        hang = false;
        rig.advance(6_000);
        const journal = await rig.ask({ type: 'journal.list' });
        expect(journal[0]?.status).toBe('unknown');
        for (const confirmed of [false, true]) {
          const again = await rig.place(order, { confirmed });
          expect(again).toMatchObject({ status: 'held', reason: 'repeat' });
          expect(again.message).toMatch(/outcome was unknown/);
          expectClearMessage(again.message, 'repeat after unknown');
        }
        expect(rig.posts()).toHaveLength(1);
        // The trader checked and confirms against what they were shown: now it goes, once.
        const held = await rig.place(order, { confirmed: false });
        const sent = await rig.ask({
          type: 'order.place',
          order,
          from: 'popup',
          confirmed: true,
          guardToken: held.status === 'held' ? held.guardToken : undefined,
        });
        expect(sent.status).toBe('placed');
        expect(rig.posts()).toHaveLength(2);
        // A definite answer clears the unknown marker: the next one is a plain repeat, then free.
        rig.advance(6_000);
        expect((await rig.place(order, { confirmed: false })).status).toBe(oneClick ? 'placed' : 'held');
      });
    }
  });

  describe('confirmations in two views', () => {
    it('popup and overlay each confirm the same order they checked before either sent: one POST, the second asked again with "sent 1 s ago"', async () => {
      const rig = createRig({ charts: { 5: readyChart('SPY') } });
      await rig.goLive();
      const order = rig.orders().enterBot;
      const fromPopup = await rig.ask({ type: 'order.check', order, from: 'popup', confirmed: false });
      const fromOverlay = await rig.ask(
        { type: 'order.check', order, from: 'overlay', confirmed: false, chartSymbol: 'SPY' },
        overlay(5),
      );
      expect(fromPopup.status).toBe('ready');
      expect(fromOverlay.status).toBe('ready');
      const first = await rig.ask({
        type: 'order.place',
        order,
        from: 'popup',
        confirmed: true,
        guardToken: tokenOf(fromPopup),
      });
      expect(first.status).toBe('placed');
      rig.advance(1_000);
      const second: OrderReply = await rig.ask(
        {
          type: 'order.place',
          order,
          from: 'overlay',
          confirmed: true,
          chartSymbol: 'SPY',
          guardToken: tokenOf(fromOverlay),
        },
        overlay(5),
      );
      expect(second).toMatchObject({ status: 'held', reason: 'repeat' });
      expect(second.message).toContain('sent 1 s ago');
      expect(rig.posts()).toHaveLength(1);
      // Confirmed again, against the state it now saw: sent.
      const third = await rig.ask(
        {
          type: 'order.place',
          order,
          from: 'overlay',
          confirmed: true,
          chartSymbol: 'SPY',
          guardToken: second.status === 'held' ? second.guardToken : undefined,
        },
        overlay(5),
      );
      expect(third.status).toBe('placed');
      expect(rig.posts()).toHaveLength(2);
    });

    it('a confirmation without a token does not switch the repeat guard off', async () => {
      const rig = createRig();
      await rig.goLive();
      const order = rig.orders().enterBot;
      expect((await rig.place(order, { confirmed: true })).status).toBe('placed');
      rig.advance(500);
      expect(await rig.place(order, { confirmed: true })).toMatchObject({ status: 'held', reason: 'repeat' });
      expect(rig.posts()).toHaveLength(1);
    });
  });

  describe('the same legs spelt two ways', () => {
    for (const [a, b] of [
      ['SPY', 'spy '],
      ['spy', ' SPY'],
      ['Spy', 'SPY'],
    ] as const) {
      it(`"${a}" then "${b}" 500 ms later: one POST, the second held as a repeat`, async () => {
        const rig = createRig();
        await rig.goLive();
        await rig.setSettings({ oneClickLive: true });
        expect((await rig.place(legs(a), { confirmed: false })).status).toBe('placed');
        rig.advance(500);
        expect(await rig.place(legs(b), { confirmed: false })).toMatchObject({
          status: 'held',
          reason: 'repeat',
        });
        expect(rig.posts()).toHaveLength(1);
      });
    }
  });

  describe('storage refuses a write', () => {
    for (const failing of ['ordersInFlight', 'recentOrders', 'rateBudget'] as const) {
      it(`quota exceeded writing ${failing}: nothing sent, a clear message, and the next click is not "already being sent"`, async () => {
        const rig = createRig();
        await rig.goLive();
        await rig.setSettings({ oneClickLive: true });
        const order = rig.orders().enterBot;
        await rig.ask({ type: 'state.get' });
        let failures = 0;
        // The write that carries this record (the order's records go in one storage call).
        const key = items[failing].key.replace(/^local:/, '');
        const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
        const spy = vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (values) => {
          if (failures === 0 && Object.hasOwn(values, key)) {
            failures++;
            throw new Error('QUOTA_BYTES quota exceeded');
          }
          return set(values);
        });
        const envelope = await rig.send({ type: 'order.place', order, from: 'popup', confirmed: false });
        expect(failures).toBe(1);
        expect(envelope.ok).toBe(true);
        const reply = (envelope as { value: OrderReply }).value;
        expect(reply).toMatchObject({ status: 'held', reason: 'storage' });
        expectClearMessage(reply.message, 'storage full');
        expect(rig.posts()).toHaveLength(0);
        const state = await rig.ask({ type: 'state.get' });
        expect(state.inFlight).toEqual([]);
        expect(state.budget.used).toBe(0); // the refused order spent nothing
        expect(await rig.ask({ type: 'journal.list' })).toEqual([]);
        spy.mockRestore();
        expect((await rig.place(order, { confirmed: false })).status).toBe('placed');
        expect(rig.posts()).toHaveLength(1);
      });
    }
  });

  it('the spent slot, the claim and the in-flight record reach storage in one write, before the POST', async () => {
    const rig = createRig();
    await rig.goLive();
    await rig.setSettings({ oneClickLive: true });
    await rig.ask({ type: 'state.get' });
    const keys = Object.values(items).map((item) => item.key.replace(/^local:/, ''));
    const writes: { keys: string[]; posts: number }[] = [];
    const set = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    const spy = vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (values) => {
      const written = Object.keys(values).filter((k) => keys.includes(k));
      if (written.length > 0) writes.push({ keys: written.sort(), posts: rig.posts().length });
      return set(values);
    });
    expect((await rig.place(rig.orders().enterBot, { confirmed: false })).status).toBe('placed');
    spy.mockRestore();
    expect(rig.posts()).toHaveLength(1);
    // The first write carrying any of them carries all three, and no POST had left before it.
    expect(writes[0]).toEqual({ keys: [...keys].sort(), posts: 0 });
  });

  describe('Retry-After beyond the contract', () => {
    const setUp = async () => {
      const rig = createRig();
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      rig.live.control.setFault({
        kind: 'status429',
        retryAfterSeconds: 3_000_000_000,
        count: 1,
        match: 'orders',
      });
      const reply = await rig.place(rig.orders().enterBot, { confirmed: false });
      expect(reply.status).toBe('refused');
      return rig;
    };

    it('Retry-After: 3000000000 blocks for 15 minutes at most, then orders go again', async () => {
      const rig = await setUp();
      const state = await rig.ask({ type: 'state.get' });
      expect(state.budget.blockedUntil).not.toBeNull();
      expect(state.budget.blockedUntil ?? 0).toBeLessThanOrEqual(rig.now() + MAX_BLOCK_MS);
      rig.advance(MAX_BLOCK_MS + 1_000);
      expect((await rig.place(rig.orders().exitTrade, { confirmed: false })).status).toBe('placed');
    });

    it('a block stored by a version that believed it (until 2121) is cut to 15 minutes', async () => {
      const rig = createRig();
      await rig.goLive();
      await rateBudgetItem.setValue({ sent: [], blockedUntil: Date.UTC(2121, 0, 1) });
      const state = await rig.ask({ type: 'state.get' });
      expect(state.budget.blockedUntil ?? 0).toBeLessThanOrEqual(rig.now() + MAX_BLOCK_MS);
      expect(await rig.place(rig.orders().exitTrade)).toMatchObject({ status: 'held', reason: 'blocked' });
      rig.advance(MAX_BLOCK_MS + 1_000);
      expect((await rig.place(rig.orders().exitTrade)).status).toBe('placed');
    });

    it('a Live block holds no Paper order nor Paper exit: Paper and Live budgets are apart', async () => {
      const rig = await setUp();
      await rig.ask({ type: 'connection.setMode', mode: 'paper' });
      const state = await rig.ask({ type: 'state.get' });
      expect(state.budget.blockedUntil).toBeNull();
      expect((await rig.place(rig.orders().enterLegs)).status).toBe('placed');
      expect((await rig.place(rig.orders().exitTrade)).status).toBe('placed');
      await rig.ask({ type: 'connection.setMode', mode: 'live' });
      expect((await rig.ask({ type: 'state.get' })).budget.blockedUntil).not.toBeNull();
    });

    it('the trader can clear the block by hand (the popup warns first): the next order goes', async () => {
      const rig = await setUp();
      expect(await rig.place(rig.orders().exitTrade)).toMatchObject({ status: 'held', reason: 'blocked' });
      const state = await rig.ask({ type: 'budget.clearBlock' });
      expect(state.budget.blockedUntil).toBeNull();
      expect((await rig.place(rig.orders().exitTrade)).status).toBe('placed');
    });

    it("clearing the block is for the extension's pages only", async () => {
      const rig = await setUp();
      const envelope = await rig.send({ type: 'budget.clearBlock' }, chartSender(5));
      expect(envelope.ok).toBe(false);
      expect((await rig.ask({ type: 'state.get' })).budget.blockedUntil).not.toBeNull();
    });
  });

  describe('clock jumps', () => {
    /** The minute's share spent just now: three requests at the current time. */
    const fullWindow = async () => {
      const rig = createRig();
      await rig.goLive();
      await rig.setSettings({ budgetShare: 3, orderReserve: 2, oneClickLive: true });
      await rateBudgetItem.setValue({ sent: [rig.now(), rig.now(), rig.now()], blockedUntil: null });
      expect(await rig.place(rig.orders().exitTrade)).toMatchObject({ status: 'held', reason: 'budget' });
      return rig;
    };

    it('clock set back an hour: 30 minutes later an exit is sent, not held as "budget"', async () => {
      const rig = await fullWindow();
      rig.jumpClock(-3_600_000);
      rig.advance(30 * 60_000);
      expect((await rig.place(rig.orders().exitTrade)).status).toBe('placed');
    });

    it('clock set back an hour while the worker was stopped: held a minute at most, not an hour', async () => {
      const rig = await fullWindow();
      rig.restart();
      rig.jumpClock(-3_600_000);
      const held = await rig.place(rig.orders().exitTrade);
      if (held.status === 'held') expect(held.until ?? 0).toBeLessThanOrEqual(rig.now() + 60_000);
      rig.advance(61_000);
      expect((await rig.place(rig.orders().exitTrade)).status).toBe('placed');
    });

    it('clock set forward an hour: the spent minute still counts, no more than the share in a real minute', async () => {
      const rig = await fullWindow();
      rig.jumpClock(3_600_000);
      expect(await rig.place(rig.orders().exitTrade)).toMatchObject({ status: 'held', reason: 'budget' });
      expect(rig.live.control.requests()).toHaveLength(0);
      rig.advance(61_000);
      expect((await rig.place(rig.orders().exitTrade)).status).toBe('placed');
    });
  });

  describe('one unreadable journal entry', () => {
    const entry = (id: string, at: number, extra: Record<string, unknown> = {}) => ({
      id,
      at,
      mode: 'live',
      from: 'popup',
      order: { kind: 'enterBot', bot: 1 },
      call: 'POST enter/1',
      body: null,
      symbol: null,
      status: 'placed',
      requestId: null,
      httpStatus: 200,
      reason: null,
      message: 'Accepted',
      latencyMs: 12,
      ...extra,
    });

    it('an entry from a newer version (from: "hotkey") is set aside; the others stay, and the export keeps it', async () => {
      const rig = createRig();
      await rig.goLive();
      await rig.ask({ type: 'state.get' }); // the worker's start-up reads are done
      const hotkey = entry('h', rig.now() - 1_000, { from: 'hotkey' });
      await journalItem.setValue([
        entry('a', rig.now() - 3_000),
        hotkey,
        entry('b', rig.now() - 5_000),
      ] as never);
      await journalVersionItem.setValue(2);
      const journal = await rig.ask({ type: 'journal.list' });
      expect(journal.map((e) => e.id)).toEqual(['a', 'b']);
      const notices = (await rig.ask({ type: 'state.get' })).notices;
      const notice = notices.find((n) => n.includes('newer version'));
      expectClearMessage(notice, 'journal aside notice');
      expect(notice).toContain('1 entry');
      const exported = JSON.parse((await rig.ask({ type: 'journal.export', format: 'json' })).text) as {
        id: string;
      }[];
      expect(exported.map((e) => e.id)).toEqual(['a', 'b', 'h']);
      // New orders are journalled beside the kept ones; the aside entry is still there, untouched.
      await rig.setSettings({ oneClickLive: true });
      expect((await rig.place(rig.orders().enterBot, { confirmed: false })).status).toBe('placed');
      expect((await rig.ask({ type: 'journal.list' })).length).toBe(3);
      expect(await journalAsideItem.getValue()).toEqual([hotkey]);
      // The newer version's number stays: it says who wrote what is aside.
      expect(await journalVersionItem.getValue()).toBe(2);
    });

    it('an unreadable order in flight does not lose the others: after a restart they are "unknown"', async () => {
      const rig = createRig();
      await rig.goLive();
      await ordersInFlightItem.setValue({
        ok: entry('ok', rig.now(), { status: 'pending' }),
        odd: entry('odd', rig.now(), { status: 'pending', from: 'hotkey' }),
      } as never);
      rig.restart();
      const journal = await rig.ask({ type: 'journal.list' });
      expect(journal.map((e) => [e.id, e.status])).toEqual([['ok', 'unknown']]);
      expect((await journalAsideItem.getValue()).length).toBe(1);
    });
  });

  describe('an order the network sent twice', () => {
    /** A network in between that delivers every order twice and hands back the second answer. */
    const twice = () =>
      createRig({
        liveFetch: async (request, sandbox) => {
          if (request.method !== 'POST') return sandbox.fetch(request);
          await sandbox.fetch(request.clone());
          return sandbox.fetch(request);
        },
      });

    it('one entry followed by two new trades: the trader is told at once', async () => {
      const rig = twice();
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      await rig.ask({ type: 'reads.refresh' });
      expect((await rig.place(rig.orders().enterBot, { confirmed: false })).status).toBe('placed');
      await rig.settled();
      await vi.waitFor(async () => {
        const notice = (await rig.ask({ type: 'state.get' })).notices.find((n) => n.includes('placed twice'));
        expectClearMessage(notice, 'duplicate entry warning');
      });
    });

    it('an exit answered 404 for a trade open a moment before: the trader is told', async () => {
      const rig = twice();
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      await rig.ask({ type: 'reads.refresh' });
      const reply = await rig.place(rig.orders().exitTrade, { confirmed: false });
      expect(reply).toMatchObject({ status: 'refused' });
      const notice = (await rig.ask({ type: 'state.get' })).notices.find((n) => n.includes('not found'));
      expectClearMessage(notice, 'vanished trade warning');
    });

    it('a plain entry and exit, sent once, warn of nothing', async () => {
      const rig = createRig();
      await rig.goLive();
      await rig.setSettings({ oneClickLive: true });
      await rig.ask({ type: 'reads.refresh' });
      expect((await rig.place(rig.orders().enterBot, { confirmed: false })).status).toBe('placed');
      expect((await rig.place(rig.orders().exitTrade, { confirmed: false })).status).toBe('placed');
      await rig.settled();
      expect((await rig.ask({ type: 'state.get' })).notices).toEqual([]);
    });
  });
});
