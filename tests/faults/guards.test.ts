import { describe, expect, it, vi } from 'vitest';
import { botId, type Order } from '@/lib/api/types';
import type { OrderReply } from '@/lib/messaging/protocol';
import { GENERIC_BOT } from '@/lib/sandbox';
import { ordersInFlightItem, rateBudgetItem, recentOrdersItem } from '@/lib/storage/items';
import { createRig, expectClearMessage, faultFileLifecycle, overlay, readyChart } from './harness';

/**
 * The order guards where they used to give way: a worker stopped mid-order, confirmations given in
 * two views at once, the same legs spelt two ways, storage that refuses a write. Each case failed
 * before its fix (issue 12, guard gaps 1, 2, 4 and 7).
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
        const spy = vi.spyOn(items[failing], 'setValue').mockImplementationOnce(async () => {
          failures++;
          throw new Error('QUOTA_BYTES quota exceeded');
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
});
