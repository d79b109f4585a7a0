// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { readCachedViewState } from '@/components/use-view-state';

const bot = { id: 4821952, name: 'SPY Put Credit Spread', strategy: 'CREDIT SPREAD' };
const trade = {
  id: 7310409,
  symbol: 'SPY',
  strategy: 'CREDIT SPREAD',
  enteredAt: '2026-11-25 10:54:41',
  entryPrice: 0.65,
  profitLoss: 5.06,
  percentProfitLoss: 3.9,
};
const cache = (over: Record<string, unknown> = {}) => ({
  mode: 'paper',
  user: 'paper@demo',
  bots: [bot],
  openTrades: [trade],
  botsAt: 1,
  tradesAt: 2,
  readError: null,
  ...over,
});

describe('the first paint from storage', () => {
  beforeEach(() => fakeBrowser.reset());

  it('draws the cached bots and trades of the current mode at once', async () => {
    await fakeBrowser.storage.local.set({ readCache: cache() });
    const state = await readCachedViewState(10_000);
    expect(state).toMatchObject({
      mode: 'paper',
      user: 'paper@demo',
      bots: [bot],
      openTrades: [trade],
      tradesAt: 2,
    });
  });

  it('never shows the other mode’s account', async () => {
    await fakeBrowser.storage.local.set({ readCache: cache(), mode: 'live' });
    const state = await readCachedViewState(10_000);
    expect(state).toMatchObject({ mode: 'live', user: null, bots: [], openTrades: [] });
  });

  it('drops what it cannot draw instead of crashing on a foreign or corrupt cache', async () => {
    await fakeBrowser.storage.local.set({
      readCache: cache({ bots: 'lots', openTrades: [trade, { id: 'x' }, null, 7], tradesAt: 'now' }),
      settings: 'garbage',
      rateBudget: { sent: ['a', 9_990], blockedUntil: {} },
      mode: 42,
    });
    const state = await readCachedViewState(10_000);
    expect(state.mode).toBe('paper');
    expect(state.bots).toEqual([]);
    expect(state.openTrades).toEqual([trade]);
    expect(state.tradesAt).toBeNull();
    expect(state.settings.budgetShare).toBe(50);
    expect(state.budget).toEqual({ share: 50, reserve: 10, used: 1, blockedUntil: null });
  });
});
