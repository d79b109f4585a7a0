// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { dayOf } from '@/lib/options/calendar';
import { exchangeInstant, hoursVerdict, lastEntryMinute } from '@/lib/risk/trading-hours';
import { DEFAULT_RISK_RULES } from '@/lib/risk/types';

const rules = { ...DEFAULT_RISK_RULES, hoursOn: true };
/** An instant given as New York wall-clock time. */
const ny = (y: number, m: number, d: number, hh: number, mm: number) =>
  exchangeInstant(dayOf(y, m, d), hh * 60 + mm);

describe('trading hours on the NYSE calendar', () => {
  it('opens at 09:30 and closes at 16:00 ET on a regular day, edges exact', () => {
    expect(hoursVerdict(ny(2026, 12, 2, 9, 29), rules).open).toBe(false);
    expect(hoursVerdict(ny(2026, 12, 2, 9, 30), rules).open).toBe(true);
    expect(hoursVerdict(ny(2026, 12, 2, 15, 59), rules).open).toBe(true);
    const after = hoursVerdict(ny(2026, 12, 2, 16, 0), rules);
    expect(after.open).toBe(false);
    if (!after.open) {
      expect(after.why).toBe('after');
      expect(after.opensAt).toBe(ny(2026, 12, 3, 9, 30));
      expect(after.opensText).toBe('tomorrow at 09:30 ET');
    }
  });

  it('in winter 09:30 ET is 14:30 UTC, in summer 13:30 UTC', () => {
    expect(new Date(ny(2026, 12, 2, 9, 30)).toISOString()).toBe('2026-12-02T14:30:00.000Z');
    expect(new Date(ny(2026, 7, 1, 9, 30)).toISOString()).toBe('2026-07-01T13:30:00.000Z');
  });

  it('is correct on the DST Sunday and the Monday after (spring forward, fall back)', () => {
    // 2026-03-08 clocks go forward: Sunday shut, Monday opens at 13:30 UTC, not 14:30.
    const sunday = hoursVerdict(Date.UTC(2026, 2, 8, 15, 0), rules);
    expect(sunday.open).toBe(false);
    if (!sunday.open) expect(new Date(sunday.opensAt ?? 0).toISOString()).toBe('2026-03-09T13:30:00.000Z');
    expect(hoursVerdict(Date.UTC(2026, 2, 9, 13, 29), rules).open).toBe(false);
    expect(hoursVerdict(Date.UTC(2026, 2, 9, 13, 30), rules).open).toBe(true);
    // 2026-11-01 clocks go back: Monday opens at 14:30 UTC.
    const fallSunday = hoursVerdict(Date.UTC(2026, 10, 1, 12, 0), rules);
    if (!fallSunday.open)
      expect(new Date(fallSunday.opensAt ?? 0).toISOString()).toBe('2026-11-02T14:30:00.000Z');
    expect(hoursVerdict(Date.UTC(2026, 10, 2, 14, 29), rules).open).toBe(false);
    expect(hoursVerdict(Date.UTC(2026, 10, 2, 14, 30), rules).open).toBe(true);
  });

  it('is shut on holidays and weekends and says the next session', () => {
    // Thanksgiving 2026-11-26 (Thursday): shut; Friday is an early close.
    const thanksgiving = hoursVerdict(ny(2026, 11, 26, 11, 0), rules);
    expect(thanksgiving.open).toBe(false);
    if (!thanksgiving.open) {
      expect(thanksgiving.why).toBe('shut');
      expect(thanksgiving.opensAt).toBe(ny(2026, 11, 27, 9, 30));
    }
    // Good Friday 2026-04-03 then the weekend: next is Monday.
    const goodFriday = hoursVerdict(ny(2026, 4, 3, 10, 0), rules);
    if (!goodFriday.open) {
      expect(goodFriday.opensAt).toBe(ny(2026, 4, 6, 9, 30));
      expect(goodFriday.opensText).toBe('Mon Apr 6 at 09:30 ET');
    } else throw new Error('Good Friday must be shut');
    // A weekend only matters when the trader asks for trading days only.
    expect(hoursVerdict(ny(2026, 12, 5, 10, 0), rules).open).toBe(false);
    expect(hoursVerdict(ny(2026, 12, 5, 10, 0), { ...rules, tradingDaysOnly: false }).open).toBe(true);
  });

  it('ends at 13:00 on early-close days, cut-off counted from there', () => {
    // Day after Thanksgiving and Christmas Eve 2026 close at 13:00.
    expect(hoursVerdict(ny(2026, 11, 27, 12, 59), rules).open).toBe(true);
    expect(hoursVerdict(ny(2026, 11, 27, 13, 0), rules).open).toBe(false);
    expect(hoursVerdict(ny(2026, 12, 24, 13, 30), rules).open).toBe(false);
    expect(lastEntryMinute(dayOf(2026, 11, 27), { ...rules, cutoffMinutes: 15 })).toBe(12 * 60 + 45);
  });

  it("a window past 16:00 is the trader's on a regular day, and still ends at 13:00 on an early close", () => {
    const late = { ...rules, hoursStart: 16 * 60, hoursEnd: 16 * 60 + 15 };
    expect(hoursVerdict(ny(2026, 12, 2, 16, 10), late).open).toBe(true);
    expect(hoursVerdict(ny(2026, 12, 2, 16, 15), late).open).toBe(false);
    // The day after Thanksgiving closes at 13:00: a 16:00–16:15 window never opens, the next day is Monday.
    const friday = hoursVerdict(ny(2026, 11, 27, 16, 5), late);
    if (friday.open) throw new Error('must be shut');
    expect(friday.opensAt).toBe(ny(2026, 11, 30, 16, 0));
  });

  it('the "no new entries after 15:45" cut-off holds from 15:45', () => {
    const cut = { ...rules, cutoffMinutes: 15 };
    expect(hoursVerdict(ny(2026, 12, 2, 15, 44), cut).open).toBe(true);
    expect(hoursVerdict(ny(2026, 12, 2, 15, 45), cut).open).toBe(false);
  });

  it('before the window says "today at"', () => {
    const early = hoursVerdict(ny(2026, 12, 2, 8, 0), rules);
    if (early.open) throw new Error('must be closed');
    expect(early.why).toBe('before');
    expect(early.opensText).toBe('today at 09:30 ET');
  });
});
