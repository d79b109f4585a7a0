import type { Bot, BotId, OpenTrade, Order } from '../api/types';
import type { JournalEntry, Mode } from '../messaging/protocol';
import { EXCHANGE_ZONE, zonedTime } from '../options/calendar';
import { words } from '../words';
import { clockText, dayText, hoursVerdict, windowText } from './trading-hours';
import type { PauseState, RiskHold, RiskRules } from './types';
import { entryUnderlying } from './underlying';

/**
 * The rule engine: pure, over a clock it is given. The background calls it on the order path
 * before the budget, for every entry from every view and the keyboard. Exits are never held here:
 * a trader must always be able to get out.
 */

/** An open-trades read older than this is read again before the per-underlying limit is judged. */
export const TRADES_FRESH_MS = 60_000;

/** Said after every hold but the pause: exits are never held, and where the rule is changed. */
const held = (reason: string) => `${reason} ${words('riskChangeInSettings')}`;

export const isEntry = (order: Order): boolean => order.kind === 'enterBot' || order.kind === 'enterLegs';

export interface RiskInput {
  order: Order;
  now: number;
  rules: RiskRules;
  pause: PauseState | null;
  mode: Mode;
  /** The platform's time zone: the day the caps count in. */
  timeZone: string;
  /** Every journal entry, in-flight ones too. */
  journal: readonly JournalEntry[];
  bots: readonly Bot[];
  openTrades: readonly OpenTrade[];
  tradesAt: number | null;
  /** The trader's binding of a bot to an underlying, when there is one. */
  bound?: (bot: BotId) => string | null;
}

/** `10:42 ET`, or `Mon Dec 7 10:42 ET` when not today. */
function sinceText(at: number, now: number): string {
  const then = zonedTime(at, EXCHANGE_ZONE);
  const time = `${clockText(then.minutes)} ET`;
  return then.day === zonedTime(now, EXCHANGE_ZONE).day ? time : `${dayText(then.day)} ${time}`;
}

export function pauseHold(pause: PauseState, now: number): RiskHold {
  const since = sinceText(pause.since, now);
  return {
    rule: 'paused',
    message:
      pause.by === 'unreadable' ? words('riskPausedSinceUnreadable', since) : words('riskPausedSince', since),
  };
}

/** What holds every entry at `now` whatever it is: the pause, then the window. */
export function entriesOff(input: Pick<RiskInput, 'now' | 'rules' | 'pause'>): RiskHold | null {
  const { now, rules, pause } = input;
  if (pause) return pauseHold(pause, now);
  if (!rules.hoursOn) return null;
  const hours = hoursVerdict(now, rules);
  if (hours.open) return null;
  const lead =
    hours.why === 'shut' ? 'riskHoursShut' : hours.why === 'before' ? 'riskHoursBefore' : 'riskHoursAfter';
  return {
    rule: 'hours',
    message: held(words(lead, windowText(rules, zonedTime(now, EXCHANGE_ZONE).day), hours.opensText)),
    ...(hours.opensAt !== null ? { until: hours.opensAt, opens: hours.opensShort } : {}),
  };
}

/** Entries that count toward the caps: sent (placed, unknown, or still in flight), not refused. */
export function countedEntries(journal: readonly JournalEntry[], mode: Mode, timeZone: string, now: number) {
  const today = zonedTime(now, timeZone).day;
  return journal.filter(
    (e) =>
      e.mode === mode &&
      isEntry(e.order) &&
      e.status !== 'refused' &&
      zonedTime(e.at, timeZone).day === today,
  );
}

export type RiskVerdict = { ok: true } | ({ ok: false; stale?: boolean } & RiskHold);

/** May this order go under the trader's rules? `stale`: read open trades again, then ask again. */
export function judge(input: RiskInput): RiskVerdict {
  const { order, rules, now } = input;
  if (!isEntry(order)) return { ok: true };
  const off = entriesOff(input);
  if (off) return { ok: false, ...off };

  if (rules.maxEntriesPerDay !== null || rules.maxEntriesPerBotPerDay !== null) {
    const today = countedEntries(input.journal, input.mode, input.timeZone, now);
    if (rules.maxEntriesPerDay !== null && today.length >= rules.maxEntriesPerDay) {
      return {
        ok: false,
        rule: 'dailyCap',
        message: held(words('riskDailyCap', today.length, rules.maxEntriesPerDay)),
      };
    }
    const bot = order.kind === 'enterBot' || order.kind === 'enterLegs' ? order.bot : null;
    if (rules.maxEntriesPerBotPerDay !== null && bot !== null) {
      const ofBot = today.filter(
        (e) => (e.order.kind === 'enterBot' || e.order.kind === 'enterLegs') && e.order.bot === bot,
      ).length;
      if (ofBot >= rules.maxEntriesPerBotPerDay) {
        const name = input.bots.find((b) => b.id === bot)?.name ?? words('botById', bot);
        return {
          ok: false,
          rule: 'botCap',
          message: held(words('riskBotCap', name, ofBot, rules.maxEntriesPerBotPerDay)),
        };
      }
    }
  }

  if (rules.maxOpenPerUnderlying !== null) {
    const underlying = entryUnderlying(order, input.bots, input.bound);
    if (underlying === null && order.kind === 'enterBot' && !input.bots.some((b) => b.id === order.bot)) {
      return {
        ok: false,
        stale: true,
        rule: 'underlying',
        message: words('riskBotNotRead', order.bot),
      };
    }
    if (underlying === null) {
      return {
        ok: false,
        rule: 'underlying',
        message: held(words('riskUnderlyingUnknown')),
      };
    }
    if (input.tradesAt === null || now - input.tradesAt > TRADES_FRESH_MS) {
      return {
        ok: false,
        stale: true,
        rule: 'underlying',
        message:
          input.tradesAt === null
            ? words('riskTradesUnread')
            : words('riskTradesOld', Math.round((now - input.tradesAt) / 1000)),
      };
    }
    const open = input.openTrades.filter((t) => t.symbol.toUpperCase() === underlying).length;
    if (open >= rules.maxOpenPerUnderlying) {
      return {
        ok: false,
        rule: 'underlying',
        message: held(words('riskUnderlyingFull', open, underlying, rules.maxOpenPerUnderlying)),
      };
    }
  }
  return { ok: true };
}

/** The rules that are on, one phrase each. */
export function ruleSummary(
  rules: RiskRules,
  pause: PauseState | null,
  entriesToday: number,
  now: number,
): string[] {
  const out: string[] = [];
  if (pause) out.push(words('riskSummaryPaused', sinceText(pause.since, now)));
  if (rules.hoursOn)
    out.push(words('riskSummaryHours', windowText(rules, zonedTime(now, EXCHANGE_ZONE).day)));
  if (rules.maxEntriesPerDay !== null)
    out.push(words('riskSummaryToday', entriesToday, rules.maxEntriesPerDay));
  if (rules.maxEntriesPerBotPerDay !== null)
    out.push(words('riskSummaryPerBot', rules.maxEntriesPerBotPerDay));
  if (rules.maxOpenPerUnderlying !== null)
    out.push(words('riskSummaryPerUnderlying', rules.maxOpenPerUnderlying));
  return out;
}
