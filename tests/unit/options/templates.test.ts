// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { snapStrike, strikeIncrement } from '@/lib/options/strikes';
import { netDirection, templateLegs } from '@/lib/options/templates';

describe('strike increments and snapping', () => {
  it('uses the per-symbol table, else a default by price', () => {
    expect(strikeIncrement('SPX', 5912.4)).toBe(5);
    expect(strikeIncrement('spy', 585.12)).toBe(1);
    expect(strikeIncrement('QQQ', 512.3)).toBe(1);
    expect(strikeIncrement('IWM', 220)).toBe(1);
    expect(strikeIncrement('ZZZ', 12)).toBe(0.5);
    expect(strikeIncrement('ZZZ', 150)).toBe(2.5);
    expect(strikeIncrement('ZZZ', 900)).toBe(5);
  });

  it('snaps to the nearest strike on the grid, without float dust and never to 0', () => {
    expect(snapStrike(5912.4, 5)).toBe(5910);
    expect(snapStrike(5913, 5)).toBe(5915);
    expect(snapStrike(585.12, 1)).toBe(585);
    expect(snapStrike(12.3, 0.5)).toBe(12.5);
    expect(snapStrike(151.1, 2.5)).toBe(150);
    expect(snapStrike(0.2, 1)).toBe(1);
  });
});

describe('templates around the chart price', () => {
  const at = { symbol: 'spx', price: 5912.4, increment: 5, width: 10, expiration: '2026-12-18', quantity: 2 };
  const shape = (legs: ReturnType<typeof templateLegs>) => legs.map((l) => [l.quantity, l.type, l.strike]);

  it('builds each structure with strikes on the grid', () => {
    expect(shape(templateLegs('ironCondor', at))).toEqual([
      [2, 'put', 5890],
      [-2, 'put', 5900],
      [-2, 'call', 5920],
      [2, 'call', 5930],
    ]);
    expect(shape(templateLegs('putCreditSpread', at))).toEqual([
      [-2, 'put', 5900],
      [2, 'put', 5890],
    ]);
    expect(shape(templateLegs('butterfly', at))).toEqual([
      [2, 'call', 5900],
      [-4, 'call', 5910],
      [2, 'call', 5920],
    ]);
    expect(shape(templateLegs('straddle', at))).toEqual([
      [-2, 'put', 5910],
      [-2, 'call', 5910],
    ]);
    expect(templateLegs('shortPut', at)[0]).toMatchObject({ symbol: 'SPX', expiration: '2026-12-18' });
    // A width below one step is one step.
    expect(shape(templateLegs('callDebitSpread', { ...at, width: 1 }))).toEqual([
      [2, 'call', 5910],
      [-2, 'call', 5915],
    ]);
  });

  it('tells a credit from a debit', () => {
    const days = () => 17;
    expect(netDirection(templateLegs('ironCondor', at), at.price, days)).toBe('credit');
    expect(netDirection(templateLegs('putCreditSpread', at), at.price, days)).toBe('credit');
    expect(netDirection(templateLegs('callDebitSpread', at), at.price, days)).toBe('debit');
    expect(netDirection(templateLegs('longPut', at), at.price, days)).toBe('debit');
    expect(netDirection(templateLegs('longPut', at), 0, days)).toBeNull();
  });
});
