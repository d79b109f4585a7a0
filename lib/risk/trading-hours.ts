import {
  closeMinutes,
  type Day,
  EXCHANGE_ZONE,
  isHalfDay,
  isTradingDay,
  zonedTime,
} from '../options/calendar';
import { words } from '../words';
import type { RiskRules } from './types';

/**
 * The trading-hours rule on the NYSE calendar (lib/options/calendar.ts): the window is set in
 * New York time whatever zone the browser is in, ends at the exchange's own close on early-close
 * days, and follows New York's DST changes because every reading goes through the platform's zone data.
 */

const DAY_MS = 86_400_000;

export type HoursRules = Pick<RiskRules, 'hoursStart' | 'hoursEnd' | 'cutoffMinutes' | 'tradingDaysOnly'>;

/** `09:30` from minutes after midnight. */
export function clockText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** `Mon Dec 7`: a calendar day as a trader reads it. */
export const dayText = (day: Day): string =>
  new Date(day * DAY_MS)
    .toLocaleDateString('en-US', { timeZone: 'UTC', weekday: 'short', month: 'short', day: 'numeric' })
    .replace(',', '');

/** The instant a New York wall-clock time happens (DST included): two corrections converge. */
export function exchangeInstant(day: Day, minutes: number): number {
  const wanted = day * DAY_MS + minutes * 60_000;
  let guess = wanted + 5 * 3_600_000;
  for (let i = 0; i < 3; i++) {
    const seen = zonedTime(guess, EXCHANGE_ZONE);
    const seenMs = seen.day * DAY_MS + seen.minutes * 60_000;
    if (seenMs === wanted) break;
    guess += wanted - seenMs;
  }
  return guess;
}

/** The window's end on a day: an early close (13:00) cuts it short; a regular day keeps the trader's end. */
const endOn = (day: Day, rules: HoursRules): number =>
  isHalfDay(day) ? Math.min(rules.hoursEnd, closeMinutes(day)) : rules.hoursEnd;

/** When new entries stop on a day, minutes after midnight ET: the window's end, the close, the cut-off. */
export function lastEntryMinute(day: Day, rules: HoursRules): number {
  const end = endOn(day, rules);
  return rules.cutoffMinutes === null ? end : end - rules.cutoffMinutes;
}

function opensOn(day: Day, rules: HoursRules): boolean {
  return (!rules.tradingDaysOnly || isTradingDay(day)) && lastEntryMinute(day, rules) > rules.hoursStart;
}

export type HoursVerdict =
  | { open: true; closesAt: number }
  | {
      open: false;
      why: 'before' | 'after' | 'shut';
      opensAt: number | null;
      /** `tomorrow at 09:30 ET`, in a sentence. */
      opensText: string;
      /** `tomorrow 09:30 ET`, on a button. */
      opensShort: string;
    };

/** May an entry go at `now` under the window, and if not, when may it. */
export function hoursVerdict(now: number, rules: HoursRules): HoursVerdict {
  const { day, minutes } = zonedTime(now, EXCHANGE_ZONE);
  if (opensOn(day, rules)) {
    const last = lastEntryMinute(day, rules);
    if (minutes >= rules.hoursStart && minutes < last)
      return { open: true, closesAt: exchangeInstant(day, last) };
    if (minutes < rules.hoursStart) {
      return {
        open: false,
        why: 'before',
        opensAt: exchangeInstant(day, rules.hoursStart),
        opensText: words('riskOpensToday', clockText(rules.hoursStart)),
        opensShort: words('riskOpensShortToday', clockText(rules.hoursStart)),
      };
    }
  }
  const why = opensOn(day, rules) ? 'after' : 'shut';
  for (let next = day + 1; next < day + 15; next++) {
    if (opensOn(next, rules)) {
      return {
        open: false,
        why,
        opensAt: exchangeInstant(next, rules.hoursStart),
        opensText:
          next === day + 1
            ? words('riskOpensTomorrow', clockText(rules.hoursStart))
            : words('riskOpensOn', dayText(next), clockText(rules.hoursStart)),
        opensShort:
          next === day + 1
            ? words('riskOpensShortTomorrow', clockText(rules.hoursStart))
            : words('riskOpensShortOn', dayText(next), clockText(rules.hoursStart)),
      };
    }
  }
  return {
    open: false,
    why,
    opensAt: null,
    opensText: words('riskOpensNotSoon'),
    opensShort: words('riskOpensNotSoon'),
  };
}

/** `09:30–16:00 ET (13:00 on early closes), none after 15:45`: the window in words. */
export function windowText(rules: HoursRules, day?: Day): string {
  const end = day !== undefined ? endOn(day, rules) : rules.hoursEnd;
  const parts = [`${clockText(rules.hoursStart)}–${clockText(end)} ET`];
  if (day === undefined && rules.hoursEnd > 13 * 60) parts.push(words('riskWindowEarlyCloses'));
  if (day !== undefined && isHalfDay(day)) parts.push(words('riskWindowEarlyClose'));
  if (rules.cutoffMinutes !== null)
    parts.push(words('riskWindowCutoff', clockText(end - rules.cutoffMinutes)));
  if (!rules.tradingDaysOnly) parts.push(words('riskWindowEveryDay'));
  return parts.join(', ');
}
