// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatCountdown,
  formatSignedMoney,
  formatSignedPercent,
  parseEnteredAt,
  pnlTone,
  tradeAge,
} from '@/components/format';

describe('format', () => {
  it('signs money and percent so a loss never reads as a gain', () => {
    expect(formatSignedMoney(20.2)).toBe('+$20.20');
    expect(formatSignedMoney(-3.1)).toBe('-$3.10');
    expect(formatSignedMoney(0)).toBe('$0.00');
    expect(formatSignedMoney(1234.5)).toBe('+$1,234.50');
    expect(formatSignedPercent(20)).toBe('+20.0%');
    expect(formatSignedPercent(-4.55)).toBe('-4.55%');
    // A small move keeps two decimals, and a tiny loss never reads as none.
    expect(formatSignedPercent(-0.04)).toBe('-0.04%');
    expect(formatSignedPercent(-0.004)).toBe('-<0.01%');
    expect(formatSignedPercent(0)).toBe('0.00%');
    expect(pnlTone(-0.01)).toBe('loss');
    expect(pnlTone(0)).toBe('flat');
  });

  it('reads entered_at as local time and tells its age', () => {
    const t = parseEnteredAt('2024-10-25 10:20:01');
    expect(t).toBe(new Date(2024, 9, 25, 10, 20, 1).getTime());
    const now = new Date(2024, 9, 25, 13, 25, 1).getTime();
    expect(tradeAge('2024-10-25 10:20:01', now)).toBe('3h 5m ago');
    expect(tradeAge('yesterday', now)).toBe('');
    expect(formatAgo(now - 2 * 86_400_000, now)).toBe('2d ago');
    expect(formatAgo(now - 30_000, now)).toBe('30s ago');
  });

  it('counts down in minutes and seconds, never below zero', () => {
    expect(formatCountdown(300_000)).toBe('5:00');
    expect(formatCountdown(61_001)).toBe('1:02');
    expect(formatCountdown(-5)).toBe('0:00');
  });
});

describe('platform time zone', () => {
  it('reads entered_at in the platform zone across DST, and shows journal times in one zone', async () => {
    const { entrySide, formatZoned, parseEnteredAt, tradeAge } = await import('@/components/format');
    expect(parseEnteredAt('2026-03-06 10:00:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 6, 15));
    expect(parseEnteredAt('2026-03-09 10:00:00', 'America/New_York')).toBe(Date.UTC(2026, 2, 9, 14));
    expect(parseEnteredAt('2026-03-09 10:00:00', 'UTC')).toBe(Date.UTC(2026, 2, 9, 10));
    expect(tradeAge('2026-03-09 10:00:00', Date.UTC(2026, 2, 9, 14, 12), 'America/New_York')).toBe('12m ago');
    // 02:30 UTC on the 2nd is still the 1st in New York: date and time come from the same zone.
    expect(formatZoned(Date.UTC(2026, 11, 2, 2, 30, 5), 'America/New_York')).toBe('2026-12-01 21:30:05 ET');
    expect(entrySide('IRON CONDOR')).toBe('credit');
    expect(entrySide('DEBIT SPREAD')).toBe('debit');
    // Every name the platform gives a legs entry (lib/sandbox/market.ts strategyOf) is told apart.
    expect(entrySide('IRON BUTTERFLY')).toBe('credit');
    expect(entrySide('BUTTERFLY')).toBe('debit');
    expect(entrySide('CREDIT SPREAD')).toBe('credit');
    expect(entrySide('LONG STRANGLE')).toBe('debit');
    expect(entrySide('SHORT STRADDLE')).toBe('credit');
    expect(entrySide('LONG CALL')).toBe('debit');
    expect(entrySide('SHORT PUT')).toBe('credit');
    expect(entrySide('CUSTOM')).toBeNull();
  });
});
