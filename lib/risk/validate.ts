import { clockText } from './trading-hours';
import type { RiskRules } from './types';

/**
 * What the Risk section may save: whole numbers in range, a window whose end is after its start,
 * a cut-off inside the window. Shared by the settings page (to say so as the trader types) and the
 * background (which saves only what passes, and says what it did not save).
 */

export const RISK_LIMITS = {
  entriesPerDay: { min: 1, max: 500 },
  entriesPerBot: { min: 1, max: 500 },
  openPerUnderlying: { min: 1, max: 100 },
  cutoffMinutes: { min: 1, max: 480 },
} as const;

export const RISK_FIELD_LABELS: Record<keyof RiskRules, string> = {
  hoursOn: 'Trading hours',
  hoursStart: 'Window start',
  hoursEnd: 'Window end',
  cutoffMinutes: 'No new entries in the last … minutes',
  tradingDaysOnly: 'NYSE trading days only',
  maxEntriesPerDay: 'Entries per day',
  maxEntriesPerBotPerDay: 'Entries per bot per day',
  maxOpenPerUnderlying: 'Open trades per underlying',
};

/** `09:30` → 570; null when not a time of day. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h <= 23 && min <= 59 ? h * 60 + min : h === 24 && min === 0 ? 1440 : null;
}

function wholeIn(value: unknown, min: number, max: number, what: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${what} must be a whole number.`;
  if (value < min || value > max) return `${what} must be from ${min} to ${max} (or empty for no limit).`;
  return null;
}

export interface RiskValidation {
  next: RiskRules;
  saved: (keyof RiskRules)[];
  notSaved: { field: keyof RiskRules; message: string }[];
}

/** Apply what passes of `patch` to `current`; everything else is named with why. */
export function applyRiskPatch(
  current: RiskRules,
  patch: Partial<Record<keyof RiskRules, unknown>>,
): RiskValidation {
  const next: RiskRules = { ...current };
  const saved: (keyof RiskRules)[] = [];
  const notSaved: { field: keyof RiskRules; message: string }[] = [];
  const take = <K extends keyof RiskRules>(field: K, problem: string | null, value: RiskRules[K]) => {
    if (problem) notSaved.push({ field, message: problem });
    else if (next[field] !== value) {
      next[field] = value;
      saved.push(field);
    }
  };
  for (const field of ['hoursOn', 'tradingDaysOnly'] as const) {
    const value = patch[field];
    if (value === undefined) continue;
    take(
      field,
      typeof value === 'boolean' ? null : `${RISK_FIELD_LABELS[field]} is on or off.`,
      value === true,
    );
  }
  const caps = [
    ['maxEntriesPerDay', RISK_LIMITS.entriesPerDay],
    ['maxEntriesPerBotPerDay', RISK_LIMITS.entriesPerBot],
    ['maxOpenPerUnderlying', RISK_LIMITS.openPerUnderlying],
  ] as const;
  for (const [field, range] of caps) {
    const value = patch[field];
    if (value === undefined) continue;
    const problem = wholeIn(value, range.min, range.max, RISK_FIELD_LABELS[field]);
    take(field, problem, problem ? null : (value as number | null));
  }
  // The window's fields are judged together: an end is only "after the start" against the start that will hold.
  const start = patch.hoursStart ?? current.hoursStart;
  const end = patch.hoursEnd ?? current.hoursEnd;
  const cutoff = patch.cutoffMinutes === undefined ? current.cutoffMinutes : patch.cutoffMinutes;
  const startProblem = wholeIn(start, 0, 1439, RISK_FIELD_LABELS.hoursStart);
  const endProblem =
    wholeIn(end, 1, 1440, RISK_FIELD_LABELS.hoursEnd) ??
    (typeof start === 'number' && typeof end === 'number' && end <= start
      ? `The window must end after it starts (${clockText(start)}).`
      : null);
  const cutoffProblem =
    wholeIn(
      cutoff,
      RISK_LIMITS.cutoffMinutes.min,
      RISK_LIMITS.cutoffMinutes.max,
      RISK_FIELD_LABELS.cutoffMinutes,
    ) ??
    (typeof cutoff === 'number' &&
    typeof start === 'number' &&
    typeof end === 'number' &&
    cutoff >= end - start
      ? 'The cut-off must leave part of the window open.'
      : null);
  const windowOk = !startProblem && !endProblem;
  if (patch.hoursStart !== undefined)
    take('hoursStart', startProblem ?? (windowOk ? null : endProblem), start as number);
  if (patch.hoursEnd !== undefined)
    take('hoursEnd', endProblem ?? (windowOk ? null : startProblem), end as number);
  if (patch.cutoffMinutes !== undefined) {
    take(
      'cutoffMinutes',
      cutoffProblem ?? (windowOk ? null : 'Fix the window first.'),
      cutoff as number | null,
    );
  }
  return { next, saved, notSaved };
}
