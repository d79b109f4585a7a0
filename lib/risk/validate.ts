import { words } from '../words';
import type { RiskRules } from './types';

/**
 * What the Risk section may save: whole numbers in range, a window whose end is after its start,
 * a cut-off inside the window. The background saves only what passes and names the rest.
 */

export const RISK_FIELD_LABELS: Record<keyof RiskRules, string> = {
  hoursOn: words('riskFieldHoursOn'),
  hoursStart: words('riskFieldHoursStart'),
  hoursEnd: words('riskFieldHoursEnd'),
  cutoffMinutes: words('riskFieldCutoff'),
  tradingDaysOnly: words('riskFieldTradingDays'),
  maxEntriesPerDay: words('riskFieldEntriesPerDay'),
  maxEntriesPerBotPerDay: words('riskFieldEntriesPerBot'),
  maxOpenPerUnderlying: words('riskFieldOpenPerUnderlying'),
};

/** [min, max, may be empty (no limit)], or a switch. */
export const RISK_RANGES: Record<keyof RiskRules, readonly [number, number, boolean] | 'switch'> = {
  hoursOn: 'switch',
  hoursStart: [0, 1439, false],
  hoursEnd: [1, 1440, false],
  cutoffMinutes: [1, 480, true],
  tradingDaysOnly: 'switch',
  maxEntriesPerDay: [1, 500, true],
  maxEntriesPerBotPerDay: [1, 500, true],
  maxOpenPerUnderlying: [1, 100, true],
};

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
  const next: Record<string, unknown> = { ...current };
  const notSaved: RiskValidation['notSaved'] = [];
  const refuse = (field: keyof RiskRules, message: string) => {
    next[field] = current[field];
    notSaved.push({ field, message: `${RISK_FIELD_LABELS[field]}: ${message}` });
  };
  for (const field of Object.keys(RISK_RANGES) as (keyof RiskRules)[]) {
    const value = patch[field];
    if (value === undefined) continue;
    const range = RISK_RANGES[field];
    if (range === 'switch') {
      if (typeof value === 'boolean') next[field] = value;
      else refuse(field, words('riskFieldOnOff'));
    } else if (
      (value === null && range[2]) ||
      (Number.isInteger(value) && (value as number) >= range[0] && (value as number) <= range[1])
    ) {
      next[field] = value;
    } else {
      refuse(field, words(range[2] ? 'riskFieldRangeOrNone' : 'riskFieldRange', range[0], range[1]));
    }
  }
  const rules = next as unknown as RiskRules;
  if (rules.hoursEnd <= rules.hoursStart) {
    for (const field of ['hoursStart', 'hoursEnd'] as const) {
      if (patch[field] !== undefined) refuse(field, words('riskFieldWindowOrder'));
    }
  }
  if (rules.cutoffMinutes !== null && rules.cutoffMinutes >= rules.hoursEnd - rules.hoursStart) {
    refuse('cutoffMinutes', words('riskFieldCutoffInside'));
  }
  const saved = (Object.keys(RISK_RANGES) as (keyof RiskRules)[]).filter((f) => rules[f] !== current[f]);
  return { next: rules, saved, notSaved };
}
