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
    expect(formatSignedPercent(-4.55)).toBe('-4.5%');
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
