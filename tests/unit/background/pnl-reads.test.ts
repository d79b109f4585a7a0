import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createConnections } from '@/entrypoints/background/connection';
import { createPnlReads, PNL_PERIOD_MS, READ_HEADROOM } from '@/entrypoints/background/pnl-reads';
import { readAllowance } from '@/entrypoints/background/rate-budget';
import { createService } from '@/entrypoints/background/service';
import { botId } from '@/lib/api/types';
import { createSandbox, SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import { modeItem, rateBudgetItem, secretItem, settingsItem } from '@/lib/storage/items';
import { simTime } from '../sim-time';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const SECRET = '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a10';

/** The schedule over a fake read cache: `reads` are the times it read at. */
function setup(opts: { room?: () => number; latencyMs?: number } = {}) {
  const time = simTime(T0);
  const reads: number[] = [];
  let tradesAt: number | null = null;
  const actives: boolean[] = [];
  const pnl = createPnlReads({
    now: time.now,
    read: async () => {
      reads.push(time.now());
      tradesAt = time.now() + (opts.latencyMs ?? 0);
    },
    tradesAt: async () => tradesAt,
    readRoom: async () => opts.room?.() ?? 40,
    onActive: (active) => actives.push(active),
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
  });
  const advance = (ms: number) => time.advance(ms, () => pnl.settled());
  return {
    pnl,
    time,
    reads,
    actives,
    advance,
    /** A read from elsewhere (a connect, an order's follow-up, the trader's refresh). */
    readElsewhere: () => {
      tradesAt = time.now();
    },
    setTradesAt: (at: number | null) => {
      tradesAt = at;
    },
  };
}

describe('P&L reads while a view is on screen', () => {
  it('a visible view: trades read at once, then every 10 s, so the P&L is never more than 10 s old', async () => {
    const { pnl, reads, advance, actives } = setup();
    pnl.shown('popup', true);
    await advance(60_000);
    expect(reads.map((at) => at - T0)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(actives).toEqual([true]);
  });

  it('no view visible: nothing is read, however long; the schedule and its alarm stop', async () => {
    const { pnl, reads, advance, time, actives } = setup();
    pnl.shown('overlay:7', false);
    pnl.shown('popup', false);
    await advance(10 * 60_000);
    expect(reads).toEqual([]);
    expect(time.pending()).toBe(0);
    // Shown for 25 s, then the tab is switched away: three reads, then none.
    pnl.shown('overlay:7', true);
    await advance(25_000);
    pnl.shown('overlay:7', false);
    await advance(10 * 60_000);
    expect(reads.map((at) => at - T0 - 10 * 60_000)).toEqual([0, 10_000, 20_000]);
    expect(time.pending()).toBe(0);
    expect(actives).toEqual([true, false]);
  });

  it('a view that goes away (its port closed) stops the reads it kept going', async () => {
    const { pnl, reads, advance, time } = setup();
    pnl.shown('popup', true);
    await advance(5_000);
    pnl.gone('popup');
    await advance(60_000);
    expect(reads).toHaveLength(1);
    expect(time.pending()).toBe(0);
  });

  it('several visible views share one read per period, not one each', async () => {
    const { pnl, reads, advance } = setup();
    for (const view of ['popup', 'overlay:1', 'overlay:2', 'overlay:3']) pnl.shown(view, true);
    await advance(3_000);
    // A view coming and going, or saying the same twice, does not add a read either.
    pnl.shown('overlay:4', true);
    pnl.shown('overlay:1', true);
    pnl.gone('overlay:2');
    await advance(57_000);
    expect(reads.map((at) => at - T0)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it('a read from elsewhere counts: the next scheduled one comes a period after it', async () => {
    const { pnl, reads, advance, readElsewhere } = setup();
    pnl.shown('popup', true);
    await advance(4_000);
    readElsewhere();
    await advance(20_000);
    expect(reads.map((at) => at - T0)).toEqual([0, 14_000, 24_000]);
  });

  it('coming on screen with fresh trades waits for them to be a period old; with old ones reads at once', async () => {
    const fresh = setup();
    fresh.setTradesAt(T0 - 3_000);
    fresh.pnl.shown('popup', true);
    await fresh.advance(1_000);
    expect(fresh.reads).toEqual([]);
    await fresh.advance(6_000);
    expect(fresh.reads.map((at) => at - T0)).toEqual([7_000]);

    const old = setup();
    old.setTradesAt(T0 - 5 * 60_000);
    old.pnl.shown('popup', true);
    await old.advance(0);
    expect(old.reads.map((at) => at - T0)).toEqual([0]);
  });

  it('trades stamped ahead of the clock (it was set back) are not taken as fresh', async () => {
    const { pnl, reads, advance, setTradesAt } = setup();
    setTradesAt(T0 + 3_600_000);
    pnl.shown('popup', true);
    await advance(0);
    expect(reads).toHaveLength(1);
  });

  it('budget low: no scheduled read while the minute has no more than the headroom left; reads resume when it frees', async () => {
    let room = READ_HEADROOM;
    const { pnl, reads, advance } = setup({ room: () => room });
    pnl.shown('popup', true);
    await advance(60_000);
    expect(reads).toEqual([]);
    room = READ_HEADROOM + 1;
    await advance(10_000);
    expect(reads).toHaveLength(1);
  });

  it('the alarm wakes a schedule whose timer was lost, and reads only if one is due', async () => {
    const { pnl, reads, advance, time } = setup();
    pnl.shown('popup', true);
    await advance(0);
    expect(reads).toHaveLength(1);
    await pnl.wake();
    expect(reads).toHaveLength(1);
    await advance(PNL_PERIOD_MS);
    expect(reads).toHaveLength(2);
    expect(time.pending()).toBe(1);
  });
});

describe('P&L reads through the real service and rate budget', () => {
  const services: { settled(): Promise<void> }[] = [];
  beforeEach(() => fakeBrowser.reset());
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.settled()));
  });

  async function live(settings: { budgetShare: number; orderReserve: number }) {
    const time = simTime(T0);
    const sandbox = createSandbox({ secret: SECRET, now: time.now, timeZone: 'UTC' });
    const service = createService({
      connections: createConnections({ liveFetch: (r) => sandbox.fetch(r), timeoutMs: 200 }),
      now: time.now,
      rereadChart: async () => null,
      onChange: () => undefined,
    });
    services.push(service);
    await secretItem.setValue({ value: SECRET, savedAt: T0 });
    await modeItem.setValue('live');
    await settingsItem.setValue({ ...(await settingsItem.getValue()), ...settings });
    const pnl = createPnlReads({
      now: time.now,
      read: () => service.refreshReads(),
      tradesAt: () => service.tradesAt(),
      readRoom: () => service.readRoom(),
      setTimer: time.setTimer,
      clearTimer: time.clearTimer,
    });
    const gets = () => sandbox.control.requests().filter((r) => r.method === 'GET');
    const advance = (ms: number) =>
      time.advance(ms, async () => {
        await pnl.settled();
        await service.settled();
      });
    return { service, pnl, gets, advance, time, sandbox };
  }

  it('every 10 s while visible, and the P&L age stays under 15 s', async () => {
    const { service, pnl, gets, advance, time } = await live({ budgetShare: 50, orderReserve: 10 });
    pnl.shown('popup', true);
    let oldest = 0;
    for (let s = 0; s < 120; s++) {
      await advance(1_000);
      const at = await service.tradesAt();
      expect(at).not.toBeNull();
      oldest = Math.max(oldest, time.now() - (at ?? 0));
    }
    expect(oldest).toBeLessThanOrEqual(PNL_PERIOD_MS);
    const trades = gets().filter((r) => r.path.endsWith('/trades'));
    expect(trades.length).toBeGreaterThanOrEqual(12);
    expect(trades.length).toBeLessThanOrEqual(13);
    pnl.shown('popup', false);
    const before = gets().length;
    await advance(10 * 60_000);
    expect(gets().length).toBe(before);
  });

  it('budget low: the schedule reads nothing, and the order reserve is whole for an order', async () => {
    const rules = { budgetShare: 10, orderReserve: 4 };
    const { service, pnl, gets, advance, time } = await live(rules);
    // The trader's own refreshes spent the read allowance but the headroom this minute.
    const spent = readAllowance({ share: rules.budgetShare, reserve: rules.orderReserve }) - READ_HEADROOM;
    await rateBudgetItem.setValue({
      sent: Array.from({ length: spent }, (_, i) => time.now() - 1_000 * (i + 1)),
      blockedUntil: null,
    });
    pnl.shown('popup', true);
    await advance(30_000);
    expect(gets()).toEqual([]);
    expect((await rateBudgetItem.getValue()).sent).toHaveLength(spent);
    // Every slot past the reads' allowance is still there for orders: the reserve, untouched.
    const state = await service.viewState();
    expect(state.budget.share - state.budget.used).toBeGreaterThanOrEqual(rules.orderReserve);
    const reply = await service.placeOrder({
      order: { kind: 'enterBot', bot: botId(SPY_CREDIT_SPREAD_BOT) },
      from: 'popup',
      confirmed: true,
      tabId: null,
    });
    expect(reply.status).toBe('placed');
    await service.settled();
    // A minute on, the spent reads have left the window: the schedule reads again.
    const afterOrder = gets().length;
    await advance(60_000);
    expect(gets().length).toBeGreaterThan(afterOrder);
  });

  it('never reads into the order reserve, however long a view stays on screen with a small share', async () => {
    const rules = { budgetShare: 6, orderReserve: 3 };
    const { pnl, advance, time, gets } = await live(rules);
    pnl.shown('popup', true);
    const allowance = readAllowance({ share: rules.budgetShare, reserve: rules.orderReserve });
    let most = 0;
    for (let s = 0; s < 180; s++) {
      await advance(1_000);
      const sent = (await rateBudgetItem.getValue()).sent.filter((at) => at > time.now() - 60_000);
      most = Math.max(most, sent.length);
    }
    expect(most).toBeLessThanOrEqual(allowance);
    // Fewer P&L reads than the 10 s schedule wants, but some: the share decides, not the schedule.
    expect(gets().length).toBeGreaterThan(0);
    expect(gets().length).toBeLessThan(18);
  });
});
