import { storage } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import { addNotice } from '../storage/checked';
import { DEFAULT_RISK_RULES, type PauseState, type RiskRules } from './types';
import { RISK_RANGES } from './validate';

/**
 * The risk rules and the pause switch in storage (they survive browser and worker restarts).
 * Background only (zod). Unreadable rules never turn into "no limits" silently: what cannot be
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

const whole = (min: number, max: number) => z.number().check(z.int(), z.gte(min), z.lte(max));

/** One schema per field, from the same ranges the Risk section validates against. */
export const riskFieldSchemas = Object.fromEntries(
  Object.entries(RISK_RANGES).map(([field, range]) => [
    field,
    range === 'switch'
      ? z.boolean()
      : range[2]
        ? z.nullable(whole(range[0], range[1]))
        : whole(range[0], range[1]),
  ]),
) as unknown as Record<keyof RiskRules, z.ZodMiniType<unknown>>;

export const riskRulesSchema = z
  .object(riskFieldSchemas)
  .check(z.refine((r) => (r as RiskRules).hoursEnd > (r as RiskRules).hoursStart));

export const pauseSchema = z.nullable(
  z.object({
    since: z.number().check(z.refine(Number.isFinite)),
    by: z.enum(['trader', 'shortcut', 'unreadable']),
  }),
);

export const RULES_RESET_NOTICE =
  'Your risk rules could not be read: the unreadable ones were reset and entries are paused until you check them in Settings → Risk and resume.';
export const PAUSE_RESET_NOTICE =
  'The pause switch could not be read, so entries are paused. Exits still work. Resume from the popup when you are ready.';

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
  const parsed = riskRulesSchema.safeParse(raw);
  if (parsed.success) return parsed.data as RiskRules;
  // Keep what still reads (a valid cap stays a cap), reset the rest.
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const kept: RiskRules = { ...DEFAULT_RISK_RULES };
  for (const field of Object.keys(riskFieldSchemas) as (keyof RiskRules)[]) {
    const one = riskFieldSchemas[field].safeParse(source[field]);
    if (one.success) (kept as unknown as Record<string, unknown>)[field] = one.data;
  }
  if (kept.hoursEnd <= kept.hoursStart) {
    kept.hoursStart = DEFAULT_RISK_RULES.hoursStart;
    kept.hoursEnd = DEFAULT_RISK_RULES.hoursEnd;
  }
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
  const parsed = pauseSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return pauseForUnreadable(now, PAUSE_RESET_NOTICE);
}
