import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { botId } from '@/lib/api/types';
import { FAULT_KINDS, QQQ_SHORT_PUT_BOT } from '@/lib/sandbox';
import { noticesItem } from '@/lib/storage/items';
import {
  captureConsole,
  createRig,
  LIVE_SECRET,
  ORDER_KINDS,
  overlay,
  produced,
  readyChart,
  secretIn,
  settleRigs,
} from './harness';

/**
 * A whole Live session on a bad day with a known secret: every fault on reads and orders, a
 * wrong and a mistyped secret, corrupt storage, storms and a network that puts the URL in its
 * error text. Afterwards the secret must be in no reply, error, journal entry, export, view state,
 * notice, stored value other than the secret itself, or console line.
 */

const WRONG_SECRET = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(async () => {
  await settleRigs();
});

/** Every stored value a view, an export or a sync could show: all but the secret items themselves. */
async function storedTexts(): Promise<string[]> {
  const local = await fakeBrowser.storage.local.get(null);
  const session = await fakeBrowser.storage.session.get(null);
  return [
    ...Object.entries(local).filter(([key]) => !key.startsWith('secret')),
    ...Object.entries(session).filter(([key]) => !key.startsWith('secret')),
  ].map(([key, value]) => `${key}=${JSON.stringify(value)}`);
}

describe('Secret audit', () => {
  describe('live run', () => {
    it('the secret appears in no reply, error, journal, export, view state, notice, storage or console line', async () => {
      const consoleOut = captureConsole();
      const texts: string[] = [];
      let storedSecret = '';
      const collect = (value: unknown) =>
        texts.push(typeof value === 'string' ? value : JSON.stringify(value));
      try {
        let failNetwork = false;
        const rig = createRig({
          charts: { 5: readyChart('SPY'), 6: readyChart('QQQ') },
          liveFetch: async (request, sandbox) => {
            if (failNetwork) throw new TypeError(`Failed to fetch ${request.url}`);
            return sandbox.fetch(request);
          },
        });
        await rig.goLive();
        await rig.ask({ type: 'reads.refresh' });
        // Chosen once: later exits of trades already closed are refused (404), which is audited too.
        const orders = rig.orders();

        // Every fault on reads, the connection tests and an order, rotating through the order kinds.
        for (const [i, kind] of FAULT_KINDS.entries()) {
          rig.live.control.setFault({ kind, match: 'reads' });
          collect(await rig.ask({ type: 'reads.refresh' }));
          collect(await rig.ask({ type: 'connection.test' }));
          collect(await rig.ask({ type: 'connection.test', secret: LIVE_SECRET }));
          rig.live.control.setFault(null);
          rig.advance(5 * 60_000 + 1_000);
          rig.live.control.setFault({ kind, match: 'orders', count: 1 });
          const orderKind = ORDER_KINDS[i % ORDER_KINDS.length] ?? 'enterBot';
          collect(await rig.place(orders[orderKind]));
          await rig.settled();
          collect(await rig.ask({ type: 'state.get' }));
          rig.live.control.setFault(null);
          rig.advance(5 * 60_000 + 1_000);
        }

        // A network that names the URL (and so the secret) in its errors.
        failNetwork = true;
        collect(await rig.ask({ type: 'reads.refresh' }));
        collect(await rig.ask({ type: 'connection.test' }));
        collect(await rig.place(orders.enterBot));
        await rig.settled();
        failNetwork = false;
        rig.advance(60_000);

        // Mistakes with the secret itself: a wrong one, a whole URL, spaces, a broken one.
        collect(await rig.ask({ type: 'connection.test', secret: WRONG_SECRET }));
        for (const typed of [
          `https://app.optionsautotrader.com/webhook/${LIVE_SECRET}/bots`,
          `${LIVE_SECRET}x`,
          LIVE_SECRET.replace(/-/g, ''),
          `${LIVE_SECRET.slice(0, 20)} ${LIVE_SECRET.slice(20)}`,
        ]) {
          collect(await rig.send({ type: 'connection.test', secret: typed }));
          collect(await rig.send({ type: 'connection.saveSecret', secret: typed, sessionOnly: false }));
        }
        collect(
          await rig.send({ type: 'connection.saveSecret', secret: ` ${LIVE_SECRET} `, sessionOnly: true }),
        );
        collect(await rig.ask({ type: 'state.get' }));

        // Junk and strangers: refusals must not quote anything secret.
        collect(await rig.send({ type: 'order.place', order: { kind: 'enterBot', bot: LIVE_SECRET } }));
        collect(await rig.send({ type: 'connection.test', secret: LIVE_SECRET }, { id: 'other-extension' }));
        collect(
          await rig.send(
            { type: 'connection.test', secret: LIVE_SECRET },
            {
              id: fakeBrowser.runtime.id,
              url: 'https://www.tradingview.com/chart/x/',
              tab: { id: 5 } as never,
              frameId: 0,
            },
          ),
        );

        // Corrupt storage mid-session: notices are written.
        await fakeBrowser.storage.local.set({ settings: 'junk', rateBudget: [1, 2], recentOrders: 7 });
        collect(await rig.ask({ type: 'state.get' }));

        // A storm from the popup and two chart tabs.
        rig.advance(60_000);
        const storm = await Promise.all([
          rig.place(orders.enterBot),
          rig.place(orders.enterBot),
          rig.place(orders.enterBot, { from: 'overlay', chartSymbol: 'SPY' }, overlay(5)),
          rig.place(
            { kind: 'closeBot', bot: botId(QQQ_SHORT_PUT_BOT), close: 'all' },
            { from: 'overlay', chartSymbol: 'QQQ' },
            overlay(6),
          ),
        ]);
        collect(storm);
        await rig.settled();

        // Leaving Live: forgetting the secret, then Paper.
        collect(await rig.ask({ type: 'journal.list' }));
        const csv = await rig.ask({ type: 'journal.export', format: 'csv' });
        const json = await rig.ask({ type: 'journal.export', format: 'json' });
        collect(csv);
        collect(json);
        storedSecret = JSON.stringify(await fakeBrowser.storage.session.get(null));
        collect(await rig.ask({ type: 'connection.forgetSecret' }));
        collect(await rig.place(orders.enterBot, { confirmed: false }));
        await rig.settled();

        const journal = await rig.ask({ type: 'journal.list' });
        // The run really went through the bad day: faults were journalled, notices written.
        expect(journal.length).toBeGreaterThanOrEqual(FAULT_KINDS.length);
        expect(new Set(journal.map((e) => e.status))).toEqual(new Set(['placed', 'refused', 'unknown']));
        expect(csv.text.split('\r\n').length).toBeGreaterThan(FAULT_KINDS.length);
        const notices = await noticesItem.getValue();
        expect(notices.length).toBeGreaterThan(0);
        collect(notices);
        texts.push(...(await storedTexts()), ...produced);
      } finally {
        consoleOut.restore();
      }
      texts.push(...consoleOut.lines);

      const leaks = texts.map((text) => [secretIn(text), text.slice(0, 200)]).filter(([found]) => found);
      expect(leaks).toEqual([]);
      // The audit can see a leak: the one place the secret may be is found by the same check.
      expect(secretIn(storedSecret)).not.toBeNull();
    });
  });
});
