// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { type Bot, botId } from '@/lib/api/types';
import {
  anySymbolBots,
  type BotBindings,
  bindingProblem,
  botIdsBoundTo,
  botsBoundTo,
  orderUnderlying,
  suggestedUnderlying,
} from '@/lib/bots/binding';

const bots: Bot[] = [
  { id: botId(1), name: 'SPX 0DTE Iron Condor', strategy: 'IRON CONDOR' },
  { id: botId(2), name: 'SPY Put Credit Spread', strategy: 'CREDIT SPREAD' },
  { id: botId(3), name: 'Manual Trades (unmanaged)', strategy: 'GENERIC' },
  { id: botId(4), name: 'QQQ Short Put 30 DTE', strategy: 'SHORT PUT' },
];
const bindings: BotBindings = {
  '1': { kind: 'symbol', underlying: 'SPX' },
  '2': { kind: 'symbol', underlying: 'SPY' },
  '3': { kind: 'any' },
};

describe('bot bindings', () => {
  it('suggests the ticker a bot name names, never a strategy word, nothing for a generic name', () => {
    expect(bots.map((b) => suggestedUnderlying(b.name))).toEqual(['SPX', 'SPY', null, 'QQQ']);
    expect(suggestedUnderlying('0DTE PUT DTE bot')).toBeNull();
    expect(suggestedUnderlying('IWM Strangle (paused)')).toBe('IWM');
  });

  it('offers on a chart only the bots bound to its underlying; "any symbol" bots are for custom orders', () => {
    expect(botsBoundTo(bots, bindings, 'SPY').map((b) => b.id)).toEqual([2]);
    expect(botsBoundTo(bots, bindings, 'AAPL')).toEqual([]);
    expect(botsBoundTo(bots, bindings, null)).toEqual([]);
    expect(botIdsBoundTo(bindings, 'SPX')).toEqual([1]);
    expect(anySymbolBots(bots, bindings).map((b) => b.id)).toEqual([3]);
  });

  it('refuses a chart order through a bot that is unbound, bound elsewhere or "any symbol"', () => {
    const enter = (bot: number) => ({ kind: 'enterBot' as const, bot: botId(bot) });
    expect(bindingProblem(enter(2), bindings, 'SPY')).toBeNull();
    expect(bindingProblem(enter(1), bindings, 'AAPL')).toMatch(/trades SPX, not AAPL/);
    expect(bindingProblem(enter(4), bindings, 'QQQ')).toMatch(/not bound to QQQ/);
    expect(bindingProblem(enter(3), bindings, 'SPY')).toMatch(/any symbol/);
    expect(bindingProblem({ kind: 'closeBot', bot: botId(1), close: 'all' }, bindings, 'SPY')).toMatch(
      /trades SPX/,
    );
    // The popup names its bot by hand: no chart, no chart rule.
    expect(bindingProblem(enter(4), bindings, null)).toBeNull();
    expect(bindingProblem({ kind: 'exitTrade', trade: 5 as never }, bindings, 'SPY')).toBeNull();
  });

  it('sends legs only on the chart underlying, through "any symbol" or a bot bound to their underlying', () => {
    const legs = (bot: number, symbol: string) => ({
      kind: 'enterLegs' as const,
      bot: botId(bot),
      legs: [{ symbol, quantity: 1, expiration: '2026-12-18', type: 'call' as const, strike: 600 }],
    });
    expect(bindingProblem(legs(3, 'SPY'), bindings, 'SPY')).toBeNull();
    expect(bindingProblem(legs(2, 'SPY'), bindings, 'SPY')).toBeNull();
    expect(bindingProblem(legs(3, 'QQQ'), bindings, 'SPY')).toMatch(/must be on SPY/);
    expect(bindingProblem(legs(1, 'SPY'), bindings, null)).toMatch(/trades SPX, not SPY/);
    expect(bindingProblem(legs(4, 'SPY'), bindings, 'SPY')).toMatch(/not bound/);
    expect(bindingProblem(legs(4, 'SPY'), bindings, null)).toBeNull();
    expect(orderUnderlying(legs(3, 'spy'), bindings)).toBe('SPY');
    expect(orderUnderlying({ kind: 'enterBot', bot: botId(1) }, bindings)).toBe('SPX');
  });
});
