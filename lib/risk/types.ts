import type { BotId } from '../api/types';

/**
 * The trader's own risk rules, as plain data: types and defaults only, so every view can import
 * them for free. The background alone enforces them (lib/risk/rules.ts, called on the order path).
 */

export interface RiskRules {
  /** Entries only inside the window below; exits are never held by it. */
  hoursOn: boolean;
  /** Minutes after midnight, America/New_York (09:30 = 570). */
  hoursStart: number;
  /** Minutes after midnight ET; an early-close day ends at the exchange's close when that is sooner. */
  hoursEnd: number;
  /** No new entries this many minutes before the window ends ("none after 15:45" = 15); null = off. */
  cutoffMinutes: number | null;
  /** Only on NYSE trading days (holidays and weekends shut). */
  tradingDaysOnly: boolean;
  /** Entries a day across all bots, in the platform's day; null = no cap. */
  maxEntriesPerDay: number | null;
  /** Entries a day through any one bot; null = no cap. */
  maxEntriesPerBotPerDay: number | null;
  /** Open trades at once on one underlying; null = no limit. */
  maxOpenPerUnderlying: number | null;
}

/**
 * A fresh install: the regular session as the window, ready to switch on, and no caps. Off by
 * default so a Paper rehearsal at night is not refused before the trader chose the rule.
 */
export const DEFAULT_RISK_RULES: RiskRules = {
  hoursOn: false,
  hoursStart: 9 * 60 + 30,
  hoursEnd: 16 * 60,
  cutoffMinutes: null,
  tradingDaysOnly: true,
  maxEntriesPerDay: null,
  maxEntriesPerBotPerDay: null,
  maxOpenPerUnderlying: null,
};

/** Who switched entries off. */
export type PauseCause = 'trader' | 'shortcut' | 'unreadable';

export interface PauseState {
  /** ms epoch the pause began. */
  since: number;
  by: PauseCause;
}

/** Which rule held an entry. */
export type RiskRule = 'paused' | 'hours' | 'dailyCap' | 'botCap' | 'underlying';

export interface RiskHold {
  rule: RiskRule;
  /** Which rule, why, and where to change it, in the trader's words. */
  message: string;
  /** ms epoch when the rule lets entries go again, when it is known (the window opening). */
  until?: number;
  /** When, in words (`today 09:30 ET`), for the entry buttons. */
  opens?: string;
}

/** The risk rules as every view shows them. */
export interface RiskView {
  rules: RiskRules;
  pause: PauseState | null;
  /** What holds every entry right now (the pause or the window), or null. */
  entriesOff: RiskHold | null;
  /** Entries today (placed, unknown or in flight) in this mode. */
  entriesToday: number;
  /** The rules that are on, one short phrase each, for the popup's glance line. */
  summary: string[];
}

/** What Flatten all would close. */
export interface FlattenPlanBot {
  bot: BotId;
  name: string;
  underlying: string | null;
  /** Open trades on the bot's underlying; null when its underlying is not known. */
  trades: number | null;
}

export interface FlattenPlan {
  bots: FlattenPlanBot[];
  /** How many of the exits the budget lets go now (never past the share). */
  fits: number;
  /** How many would not be sent now. Nothing is sent for them later by itself. */
  waiting: number;
  /** When the budget has room again, if it is short now. */
  freesAt: number | null;
  tradesAt: number | null;
}

export type FlattenStatus = 'closed' | 'refused' | 'unknown' | 'held' | 'notSent';

export interface FlattenOutcome {
  bot: BotId;
  name: string;
  status: FlattenStatus;
  message: string;
}

export interface FlattenReply {
  outcomes: FlattenOutcome[];
  /** Exits not sent because the budget had no room: the trader flattens again for them. */
  waiting: number;
}

/** What saving the Risk section did, field by field. */
export interface RiskSaveReply {
  saved: string[];
  notSaved: { field: string; message: string }[];
  rules: RiskRules;
}
