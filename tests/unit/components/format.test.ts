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
    expect(formatZoned(Date.UTC(2026, 11, 2, 2, 30, 5), 'America/New_York', 'en-US')).toBe(
      '12/01/2026, 09:30:05 PM ET',
    );
    expect(formatZoned(Date.UTC(2026, 11, 2, 2, 30, 5), 'America/New_York', 'de-DE')).toBe(
      '01.12.2026, 21:30:05 ET',
    );
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

describe('the cost of a trade list', () => {
  it('builds one zone formatter per zone, however many trades are sorted, and still refuses an unknown zone each time', async () => {
    const { sortNewestFirst } = await import('@/components/format');
    const { wallClock } = await import('@/lib/time/wall-clock');
    const Real = Intl.DateTimeFormat;
    let built = 0;
    class Counting extends Real {
      constructor(locale?: string, options?: Intl.DateTimeFormatOptions) {
        if (options?.timeZone === 'America/Chicago') built++;
        super(locale, options);
      }
    }
    (Intl as { DateTimeFormat: unknown }).DateTimeFormat = Counting;
    try {
      const trades = Array.from({ length: 40 }, (_, i) => ({
        id: i + 1,
        enteredAt: `2026-11-${String((i % 28) + 1).padStart(2, '0')} 10:${String(i).padStart(2, '0')}:00`,
      }));
      const sorted = sortNewestFirst(trades as never, 'America/Chicago');
      expect(sorted.map((t) => t.id).slice(0, 3)).toEqual([28, 27, 26]);
      // A zone no other test uses, so the first build is this test's: hundreds of parses, one formatter.
      expect(built).toBe(1);
      expect(() => wallClock(0, 'Mars/Olympus')).toThrow(RangeError);
      expect(() => wallClock(0, 'Mars/Olympus')).toThrow(RangeError);
    } finally {
      (Intl as { DateTimeFormat: unknown }).DateTimeFormat = Real;
    }
  });
});

describe("in the trader's locale", () => {
  // Intl separates a currency or percent sign by a no-break space: read as a plain one here.
  const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

  it('writes money, prices, numbers and percentages as en-US and de-DE read them', async () => {
    const { formatNumber, formatPrice, formatSignedMoney, formatSignedPercent } = await import(
      '@/components/format'
    );
    expect(formatSignedMoney(1234.5, 'en-US')).toBe('+$1,234.50');
    expect(plain(formatSignedMoney(1234.5, 'de-DE'))).toBe('+1.234,50 $');
    expect(plain(formatSignedMoney(-3.1, 'de-DE'))).toBe('-3,10 $');
    expect(formatSignedMoney(0, 'de-DE')).not.toMatch(/^[+-]/);
    expect(formatPrice(12.5, 'en-US')).toBe('$12.50');
    expect(plain(formatPrice(12.5, 'de-DE'))).toBe('12,50 $');
    expect(formatNumber(5812.25, 2, 'en-US')).toBe('5,812.25');
    expect(formatNumber(5812.25, 2, 'de-DE')).toBe('5.812,25');
    expect(formatSignedPercent(-4.55, 'en-US')).toBe('-4.55%');
    expect(plain(formatSignedPercent(-4.55, 'de-DE'))).toBe('-4,55 %');
    expect(plain(formatSignedPercent(20, 'de-DE'))).toBe('+20,0 %');
    expect(plain(formatSignedPercent(-0.004, 'de-DE'))).toBe('-<0,01 %');
  });

  it('writes days, clock times and journal times as en-US and de-DE read them', async () => {
    const { formatClock, formatDay, formatZoned } = await import('@/components/format');
    expect(formatDay(Date.UTC(2026, 11, 18), 'en-US')).toBe('Fri, Dec 18, 2026');
    expect(formatDay(Date.UTC(2026, 11, 18), 'de-DE')).toBe('Fr., 18. Dez. 2026');
    const at = Date.UTC(2026, 11, 1, 14, 3, 22);
    expect(formatClock(at, 'en-US')).toMatch(/^\d{1,2}:\d{2}:22\s[AP]M$/);
    expect(formatClock(at, 'de-DE')).toMatch(/^\d{2}:\d{2}:22$/);
    expect(formatZoned(at, 'UTC', 'de-DE')).toBe('01.12.2026, 14:03:22 UTC');
  });

  it('takes the browser language, else en-US', async () => {
    const { traderLocale } = await import('@/components/format');
    const g = globalThis as { chrome?: unknown };
    const before = g.chrome;
    try {
      g.chrome = { i18n: { getUILanguage: () => 'de-DE' } };
      expect(traderLocale()).toBe('de-DE');
      g.chrome = { i18n: { getUILanguage: () => 'not a locale!' } };
      expect(traderLocale()).toBe(navigator.language || 'en-US');
      g.chrome = {
        i18n: {
          getUILanguage: () => {
            throw new Error('no i18n here');
          },
        },
      };
      expect(() => traderLocale()).not.toThrow();
    } finally {
      g.chrome = before;
    }
  });

  it('shows a clear placeholder for what is not a value, and never throws', async () => {
    const f = await import('@/components/format');
    const notAmounts = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e15, -1e300];
    const notInstants = [Number.NaN, Number.POSITIVE_INFINITY, -1e300, 9e15];
    for (const locale of ['en-US', 'de-DE']) {
      for (const n of notAmounts) {
        expect(f.formatSignedMoney(n, locale)).toBe(f.PLACEHOLDER);
        expect(f.formatPrice(n, locale)).toBe(f.PLACEHOLDER);
        expect(f.formatNumber(n, 2, locale)).toBe(f.PLACEHOLDER);
        expect(f.formatSignedPercent(n, locale)).toBe(f.PLACEHOLDER);
      }
      for (const n of notInstants) {
        expect(f.formatDay(n, locale)).toBe(f.PLACEHOLDER);
        expect(f.formatClock(n, locale)).toBe(f.PLACEHOLDER);
        expect(f.formatZoned(n, 'America/New_York', locale)).toBe(f.PLACEHOLDER);
        expect(f.formatAgo(n, Date.now(), locale)).toBe(f.PLACEHOLDER);
        expect(f.formatCountdown(n)).toBe(f.PLACEHOLDER);
      }
    }
    const invalid = new Date('not a date').getTime();
    expect(f.formatZoned(invalid, 'UTC')).toBe(f.PLACEHOLDER);
    expect(f.formatDay(invalid)).toBe(f.PLACEHOLDER);
    // A zone or locale Intl does not know falls back instead of throwing.
    expect(f.formatZoned(Date.UTC(2026, 0, 2, 3, 4, 5), 'Mars/Olympus', 'en-US')).toBe(
      '01/02/2026, 03:04:05 AM UTC',
    );
    expect(f.formatSignedMoney(1.5, 'not a locale!')).toBe('+$1.50');
    expect(f.formatSignedMoney(999_999_999_999, 'en-US')).toBe('+$999,999,999,999.00');
  });
});
