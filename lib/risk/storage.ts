import { storage } from 'wxt/utils/storage';
import { addNotice } from '../storage/checked';
import { words } from '../words';
import { DEFAULT_RISK_RULES, type PauseState, type RiskRules } from './types';
import { applyRiskPatch, RISK_RANGES } from './validate';

/**
 * The risk rules and the pause switch in storage (they survive browser and worker restarts).
 * Background only. Unreadable rules never turn into "no limits" silently: what cannot be
 * read is reset, entries are paused, and the trader is told why and where to look.
 */

export const riskRulesItem = storage.defineItem<RiskRules>('local:riskRules', {
  fallback: DEFAULT_RISK_RULES,
  version: 1,
});

export const pauseItem = storage.defineItem<PauseState | null>('local:entriesPaused', {
  fallback: null,
  version: 1,
});

/**
 * Stored rules read field by field against the Risk section's own ranges (lib/risk/validate.ts):
 * what reads is kept, the rest is the default; `intact` only when every field read as it was.
 */
export function checkStoredRules(raw: unknown): { rules: RiskRules; intact: boolean } {
  const source =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const fields = Object.keys(RISK_RANGES) as (keyof RiskRules)[];
  const result = applyRiskPatch(
    DEFAULT_RISK_RULES,
    Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])),
  );
  return { rules: result.next, intact: fields.every((f) => f in source) && result.notSaved.length === 0 };
}

const CAUSES: readonly unknown[] = ['trader', 'shortcut', 'unreadable'];

/** Not paused (null), or a pause with its time and cause. */
export function isPauseState(value: unknown): value is PauseState | null {
  if (value === null) return true;
  const pause = value as Partial<PauseState> | undefined;
  return typeof value === 'object' && Number.isFinite(pause?.since) && CAUSES.includes(pause?.by);
}

export const RULES_RESET_NOTICE = /* @__PURE__ */ words('storedRiskRulesReset');
export const PAUSE_RESET_NOTICE = /* @__PURE__ */ words('storedPauseReset');

/** Entries off because something could not be read: written once, told once. */
async function pauseForUnreadable(now: number, notice: string): Promise<PauseState> {
  const pause: PauseState = { since: now, by: 'unreadable' };
  await pauseItem.setValue(pause);
  await addNotice(notice);
  return pause;
}

/** The rules as stored; fields that do not read are reset to their defaults, and entries pause. */
export async function readRiskRules(now: number): Promise<RiskRules> {
  let raw: unknown;
  try {
    raw = await riskRulesItem.getValue();
  } catch {
    raw = undefined;
  }
  const { rules: kept, intact } = checkStoredRules(raw);
  if (intact) return kept;
  // What still reads is kept (a valid cap stays a cap); the rest is reset, and entries pause.
  await riskRulesItem.setValue(kept);
  await pauseForUnreadable(now, RULES_RESET_NOTICE);
  return kept;
}

/** The pause switch; unreadable means paused, never "not paused". */
export async function readPause(now: number): Promise<PauseState | null> {
  let raw: unknown;
  try {
    raw = await pauseItem.getValue();
  } catch {
    raw = { unreadable: true };
  }
  if (isPauseState(raw)) return raw;
  return pauseForUnreadable(now, PAUSE_RESET_NOTICE);
}
