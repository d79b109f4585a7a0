// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { botId } from '@/lib/api/types';
import {
  closeMinutes,
  dayFromIso,
  easter,
  exchangeToday,
  expirations,
  isHalfDay,
  isoOf,
  isTradingDay,
  monthlyExpiration,
  nyseHolidays,
  pastExpirationProblems,
} from '@/lib/options/calendar';

const day = (iso: string) => {
  const d = dayFromIso(iso);
  if (d === null) throw new Error(iso);
  return d;
};
const isos = (set: Set<number>) => [...set].map(isoOf).sort();

describe('the NYSE calendar, by rule', () => {
  it('computes the holidays of a year, Good Friday from Easter, fixed dates observed', () => {
    expect(isoOf(easter(2025))).toBe('2025-04-20');
    expect(isoOf(easter(2026))).toBe('2026-04-05');
    expect(isos(nyseHolidays(2026))).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03', // the Fourth is a Saturday: observed Friday
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ]);
    // A Sunday holiday moves to Monday; a Saturday New Year's Day is not moved to the Friday before.
    expect(isos(nyseHolidays(2022))).toContain('2022-06-20');
    expect(isos(nyseHolidays(2021))).not.toContain('2021-12-31');
    expect(isTradingDay(day('2021-12-31'))).toBe(true);
  });

  it('knows the half days and when their session ends', () => {
    expect(isHalfDay(day('2025-07-03'))).toBe(true);
    expect(isHalfDay(day('2025-11-28'))).toBe(true);
    expect(isHalfDay(day('2025-12-24'))).toBe(true);
    expect(isHalfDay(day('2026-07-02'))).toBe(false);
    expect(closeMinutes(day('2025-11-28'))).toBe(13 * 60);
    expect(closeMinutes(day('2025-11-26'))).toBe(16 * 60);
  });

  it('moves a weekly or monthly expiration that falls on a holiday to the trading day before', () => {
    // Juneteenth 2026 is the third Friday of June; Good Friday 2025 the third Friday of April.
    expect(isoOf(monthlyExpiration(2026, 6))).toBe('2026-06-18');
    expect(isoOf(monthlyExpiration(2025, 4))).toBe('2025-04-17');
    const weekly = expirations('AAPL', Date.UTC(2026, 2, 30, 15), 3).map((e) => [e.iso, e.kind]);
    expect(weekly).toEqual([
      ['2026-04-02', 'weekly'],
      ['2026-04-10', 'weekly'],
      ['2026-04-17', 'monthly'],
    ]);
  });

  it('lists 0DTE and every trading day for daily underlyings, Fridays only for the rest', () => {
    // Wednesday 2025-03-19, 11:00 in New York.
    const now = Date.UTC(2025, 2, 19, 15);
    expect(expirations('SPX', now, 4).map((e) => [e.iso, e.kind, e.dte])).toEqual([
      ['2025-03-19', '0DTE', 0],
      ['2025-03-20', 'daily', 1],
      ['2025-03-21', 'monthly', 2],
      ['2025-03-24', 'daily', 5],
    ]);
    expect(expirations('TSLA', now, 2).map((e) => e.iso)).toEqual(['2025-03-21', '2025-03-28']);
  });

  it('keeps a half-day Friday as an expiration, and drops today once the (early) close has passed', () => {
    expect(expirations('SPY', Date.UTC(2025, 10, 28, 17, 30), 1)[0]?.iso).toBe('2025-11-28');
    expect(expirations('SPY', Date.UTC(2025, 10, 28, 18, 30), 1)[0]?.iso).toBe('2025-12-01');
  });

  it('reads today in New York across DST: 20:30 UTC is before the close in winter, after it in summer', () => {
    // Friday 2026-03-06 (EST, UTC-5): 15:30. Monday 2026-03-09 (EDT since the 8th, UTC-4): 16:30.
    expect(exchangeToday(Date.UTC(2026, 2, 6, 20, 30))).toEqual({ day: day('2026-03-06'), closed: false });
    expect(exchangeToday(Date.UTC(2026, 2, 9, 20, 30))).toEqual({ day: day('2026-03-09'), closed: true });
    // 02:00 UTC is still the evening before in New York.
    expect(isoOf(exchangeToday(Date.UTC(2026, 2, 10, 2)).day)).toBe('2026-03-09');
  });

  it('refuses a leg that expires before today in New York, not one that expires today', () => {
    const now = Date.UTC(2026, 11, 1, 15);
    const leg = (expiration: string) => ({
      symbol: 'SPY',
      quantity: 1,
      expiration,
      type: 'call' as const,
      strike: 600,
    });
    const order = { kind: 'enterLegs' as const, bot: botId(1), legs: [leg('2020-01-17'), leg('2026-12-01')] };
    expect(pastExpirationProblems(order, now)).toEqual([
      { field: 'legs.0.expiration', message: expect.stringContaining('2020-01-17 is in the past') },
    ]);
  });
});
