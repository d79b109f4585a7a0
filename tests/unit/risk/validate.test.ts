// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseClock } from '@/components/risk-settings';
import { DEFAULT_RISK_RULES } from '@/lib/risk/types';
import { applyRiskPatch } from '@/lib/risk/validate';

describe('risk settings validation', () => {
  it('saves whole numbers in range and says what it did not save', () => {
    const r = applyRiskPatch(DEFAULT_RISK_RULES, {
      maxEntriesPerDay: 5,
      maxEntriesPerBotPerDay: 2.5,
      maxOpenPerUnderlying: 0,
    });
    expect(r.next.maxEntriesPerDay).toBe(5);
    expect(r.next.maxEntriesPerBotPerDay).toBeNull();
    expect(r.saved).toEqual(['maxEntriesPerDay']);
    expect(r.notSaved.map((p) => p.field)).toEqual(['maxEntriesPerBotPerDay', 'maxOpenPerUnderlying']);
    expect(r.notSaved[0]?.message).toBe(
      'Entries per bot per day: a whole number from 1 to 500, or empty for none.',
    );
  });

  it('a window must end after it starts; neither end is saved otherwise', () => {
    const r = applyRiskPatch(DEFAULT_RISK_RULES, { hoursStart: 600, hoursEnd: 600 });
    expect(r.saved).toEqual([]);
    expect(r.next.hoursStart).toBe(DEFAULT_RISK_RULES.hoursStart);
    expect(r.notSaved.map((p) => p.message).join(' ')).toContain('end after it starts');
    const ok = applyRiskPatch(DEFAULT_RISK_RULES, {
      hoursOn: true,
      hoursStart: 600,
      hoursEnd: 900,
      cutoffMinutes: 15,
    });
    expect(ok.notSaved).toEqual([]);
    expect(ok.next).toMatchObject({ hoursOn: true, hoursStart: 600, hoursEnd: 900, cutoffMinutes: 15 });
  });

  it('a cut-off must leave part of the window', () => {
    const r = applyRiskPatch(DEFAULT_RISK_RULES, { hoursStart: 600, hoursEnd: 630, cutoffMinutes: 30 });
    expect(r.notSaved.map((p) => p.field)).toEqual(['cutoffMinutes']);
  });

  it('reads times of day', () => {
    expect(parseClock('09:30')).toBe(570);
    expect(parseClock('24:00')).toBe(1440);
    expect(parseClock('9:75')).toBeNull();
    expect(parseClock('noon')).toBeNull();
  });
});
