import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAYBE_PLACED } from '../../lib/api/outcome-words';
import type { JournalEntry, OrderReply, ViewState } from '../../lib/messaging/protocol';
import { SPY_CREDIT_SPREAD_BOT } from '../../lib/sandbox';
import {
  askFromPage,
  type ChromiumSession,
  sandboxRequests,
  startLiveSession,
  stopSession,
  type TestServer,
} from './harness';

/**
 * The core promise in a real browser: the production build, in Live mode, talks to
 * https://app.optionsautotrader.com (our sandbox behind the host mapping), sends an order
 * exactly once, and keeps its budget, cooldown and journal when Chrome stops the worker.
 */

const secret = randomUUID();
let server: TestServer;
let browser: ChromiumSession;
let page: Page;

/** Ask the background from an extension page, as the views do. */
const ask = <T>(message: unknown): Promise<T> => askFromPage<T>(page, message);

const posts = () => sandboxRequests(server).filter((r) => r.method === 'POST');
const enterSpy = { kind: 'enterBot', bot: SPY_CREDIT_SPREAD_BOT };

beforeAll(async () => {
  ({ server, browser, page: page } = await startLiveSession(secret));
  // The reads that going Live started are over before the first test counts requests.
  await ask<ViewState>({ type: 'reads.refresh' });
});

afterAll(() => stopSession({ server, browser }));

beforeEach(() => {
  server.sandbox.control.setFault(null);
  server.sandbox.control.clearRequests();
});

describe('core, Live mode in Chromium against the sandbox', () => {
  it('reads bots and open trades from https://app.optionsautotrader.com', async () => {
    const state = await ask<ViewState>({ type: 'reads.refresh' });
    expect(state.mode).toBe('live');
    expect(state.user).toBe('paper@demo.optionsautotrader.com');
    expect(state.bots.map((b) => b.id)).toContain(SPY_CREDIT_SPREAD_BOT);
    expect(sandboxRequests(server).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /webhook/{secret}/bots',
      'GET /webhook/{secret}/trades',
    ]);
    expect(JSON.stringify(state)).not.toContain(secret);
  });

  it('sends a confirmed order exactly once, and holds the repeat', async () => {
    const placed = await ask<OrderReply>({
      type: 'order.place',
      order: enterSpy,
      from: 'popup',
      confirmed: true,
    });
    expect(placed).toMatchObject({ status: 'placed', requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const repeat = await ask<OrderReply>({
      type: 'order.place',
      order: enterSpy,
      from: 'popup',
      confirmed: false,
    });
    expect(repeat).toMatchObject({ status: 'held' });
    expect(posts().map((r) => r.path)).toEqual([`/webhook/{secret}/enter/${SPY_CREDIT_SPREAD_BOT}`]);
  });

  it('refuses an order from a page that is not the extension', async () => {
    const chart = await browser.context.newPage();
    await chart.goto('https://www.tradingview.com/plain');
    const canReach = await chart.evaluate(
      () =>
        typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime
          ?.sendMessage,
    );
    expect(canReach).not.toBe('function');
    await chart.close();
    expect(posts()).toHaveLength(0);
  });

  it('journals an order cut off by a stopped worker as unknown, and never resends it', async () => {
    server.sandbox.control.setFault({ kind: 'slow', delayMs: 5_000, match: 'orders', count: 1 });
    const order = { kind: 'closeBot', bot: SPY_CREDIT_SPREAD_BOT, close: 'newest' };
    const pending = ask<OrderReply>({ type: 'order.place', order, from: 'popup', confirmed: true }).catch(
      (e: Error) => e,
    );
    await expect.poll(() => posts().length).toBe(1);
    await browser.stopServiceWorker();
    await pending;
    const journal = await ask<JournalEntry[]>({ type: 'journal.list' });
    expect(journal[0]).toMatchObject({ call: 'POST exit', status: 'unknown' });
    expect(journal[0]?.message).toContain(MAYBE_PLACED);
    // The restarted worker does not send it again, and asks before the same order is sent by hand.
    await new Promise((r) => setTimeout(r, 500));
    expect(posts()).toHaveLength(1);
    const again = await ask<OrderReply>({ type: 'order.place', order, from: 'popup', confirmed: false });
    expect(again).toMatchObject({ status: 'held', reason: 'repeat' });
  });

  it('keeps the 429 cooldown and the budget across a worker restart, sending nothing meanwhile', async () => {
    server.sandbox.control.setFault({ kind: 'status429', match: 'orders', count: 1 });
    const order = { kind: 'closeBot', bot: SPY_CREDIT_SPREAD_BOT, close: 'oldest' };
    const refused = await ask<OrderReply>({ type: 'order.place', order, from: 'popup', confirmed: true });
    expect(refused).toMatchObject({ status: 'refused', error: { kind: 'rateLimited' } });
    const before = await ask<ViewState>({ type: 'state.get' });
    expect(before.budget.blockedUntil).toBeGreaterThan(Date.now() + 4 * 60_000);

    await browser.stopServiceWorker();
    const after = await ask<ViewState>({ type: 'state.get' });
    expect(after.budget.blockedUntil).toBe(before.budget.blockedUntil);
    expect(after.budget.used).toBeGreaterThanOrEqual(before.budget.used);
    // An order not sent a moment ago: the same one would be asked again as a repeat first.
    const held = await ask<OrderReply>({
      type: 'order.place',
      order: { kind: 'closeBot', bot: SPY_CREDIT_SPREAD_BOT, close: 'all' },
      from: 'popup',
      confirmed: true,
    });
    expect(held).toMatchObject({ status: 'held', reason: 'blocked' });
    await ask<ViewState>({ type: 'reads.refresh' });
    expect(sandboxRequests(server)).toHaveLength(1);
  });
});
