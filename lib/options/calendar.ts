import type { FieldProblem, Order } from '../api/types';
import { wallClock } from '../time/wall-clock';
import { words } from '../words';

/**
 * Option expirations by rule, not by a hand-typed list: NYSE trading days (holidays computed for
 * any year, Good Friday from Easter), 0DTE every trading day for underlyings that list dailies,
 * weekly Fridays and monthly third Fridays, each moved to the trading day before when the exchange
 * is shut. "Today" is the exchange's day in New York, whatever zone the browser is in.
 */

export const EXCHANGE_ZONE = 'America/New_York';

/** A calendar day as days since 1970-01-01: arithmetic without zones or DST. */
export type Day = number;
const DAY_MS = 86_400_000;

export const dayOf = (year: number, month: number, date: number): Day =>
  Date.UTC(year, month - 1, date) / DAY_MS;
export const isoOf = (day: Day): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const weekdayOf = (day: Day): number => new Date(day * DAY_MS).getUTCDay();

/** YYYY-MM-DD as a day, or null when it is not a real date written that way. */
export function dayFromIso(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = dayOf(y, mo, d);
  return isoOf(day) === text ? day : null;
}

export interface ZonedTime {
  day: Day;
  /** Minutes since midnight on that day, in that zone. */
  minutes: number;
}

/** The wall-clock day and time of an instant in a zone (DST included, by the platform's own rules). */
export function zonedTime(ms: number, timeZone: string): ZonedTime {
  const [year, month, date, hour, minute] = wallClock(ms, timeZone);
  return { day: dayOf(year, month, date), minutes: hour * 60 + minute };
}

/** The nth (1-based) given weekday of a month; n = -1 for the last. */
function nthWeekday(year: number, month: number, weekday: number, n: number): Day {
  if (n < 0) {
    const last = dayOf(year, month + 1, 0);
    return last - ((weekdayOf(last) - weekday + 7) % 7);
  }
  const first = dayOf(year, month, 1);
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (n - 1) * 7;
}

/** Easter Sunday (Gregorian; the anonymous algorithm). */
export function easter(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, date);
}

/** A fixed-date holiday as the NYSE observes it: Saturday → Friday, Sunday → Monday. */
function observed(day: Day): Day {
  const wd = weekdayOf(day);
  return wd === 6 ? day - 1 : wd === 0 ? day + 1 : day;
}

const holidayCache = new Map<number, Set<Day>>();

/** NYSE full-day closures of a year. */
export function nyseHolidays(year: number): Set<Day> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const days = new Set<Day>();
  // New Year's Day on a Saturday is not moved to the Friday before (NYSE rule 7.2).
  const newYear = dayOf(year, 1, 1);
  if (weekdayOf(newYear) !== 6) days.add(observed(newYear));
  days.add(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  days.add(nthWeekday(year, 2, 1, 3)); // Washington's Birthday
  days.add(easter(year) - 2); // Good Friday
  days.add(nthWeekday(year, 5, 1, -1)); // Memorial Day
  if (year >= 2022) days.add(observed(dayOf(year, 6, 19))); // Juneteenth
  days.add(observed(dayOf(year, 7, 4))); // Independence Day
  days.add(nthWeekday(year, 9, 1, 1)); // Labor Day
  days.add(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  days.add(observed(dayOf(year, 12, 25))); // Christmas
  holidayCache.set(year, days);
  return days;
}

const yearOf = (day: Day): number => new Date(day * DAY_MS).getUTCFullYear();

export function isTradingDay(day: Day): boolean {
  const wd = weekdayOf(day);
  return wd !== 0 && wd !== 6 && !nyseHolidays(yearOf(day)).has(day);
}

/** Early closes (1:00 PM ET): July 3 before a weekday Fourth, the day after Thanksgiving, a weekday Christmas Eve. */
export function isHalfDay(day: Day): boolean {
  if (!isTradingDay(day)) return false;
  const year = yearOf(day);
  const july3 = dayOf(year, 7, 3);
  if (day === july3 && weekdayOf(july3) >= 1 && weekdayOf(july3) <= 4) return true;
  if (day === nthWeekday(year, 11, 4, 4) + 1) return true;
  return day === dayOf(year, 12, 24);
}

/** When the regular session ends that day, in minutes after midnight ET. */
export const closeMinutes = (day: Day): number => (isHalfDay(day) ? 13 * 60 : 16 * 60);

/** The trading day on or before `day`. */
export function tradingDayOnOrBefore(day: Day): Day {
  let d = day;
  while (!isTradingDay(d)) d -= 1;
  return d;
}

/** Underlyings that list an expiration every trading day (0DTE). */
export const DAILY_EXPIRATIONS: ReadonlySet<string> = new Set([
  'SPX',
  'SPXW',
  'XSP',
  'SPY',
  'QQQ',
  'IWM',
  'NDX',
  'RUT',
]);

export type ExpirationKind = '0DTE' | 'daily' | 'weekly' | 'monthly';

export interface Expiration {
  iso: string;
  day: Day;
  kind: ExpirationKind;
  /** Calendar days from today (ET). */
  dte: number;
}

/** The monthly expiration of a month: the third Friday, or the trading day before it. */
export function monthlyExpiration(year: number, month: number): Day {
  return tradingDayOnOrBefore(nthWeekday(year, month, 5, 3));
}

/** The weekly expiration of the week holding `day`: its Friday, or the trading day before it. */
function weeklyOfWeek(day: Day): Day {
  return tradingDayOnOrBefore(day + ((5 - weekdayOf(day) + 7) % 7));
}

/** The exchange's day now, and whether its session is over (then today's expirations are gone). */
export function exchangeToday(nowMs: number): { day: Day; closed: boolean } {
  const { day, minutes } = zonedTime(nowMs, EXCHANGE_ZONE);
  return { day, closed: !isTradingDay(day) || minutes >= closeMinutes(day) };
}

/** The next `count` expirations of an underlying, from today's (if its session is still open) on. */
export function expirations(symbol: string, nowMs: number, count = 12): Expiration[] {
  const today = exchangeToday(nowMs);
  const daily = DAILY_EXPIRATIONS.has(symbol.toUpperCase());
  const found: Expiration[] = [];
  for (let day = today.day; found.length < count && day < today.day + 800; day++) {
    if (!isTradingDay(day) || (day === today.day && today.closed)) continue;
    const date = new Date(day * DAY_MS);
    const monthly = monthlyExpiration(date.getUTCFullYear(), date.getUTCMonth() + 1) === day;
    const weekly = weeklyOfWeek(day) === day;
    if (!daily && !weekly) continue;
    const kind: ExpirationKind = monthly
      ? 'monthly'
      : weekly
        ? 'weekly'
        : day === today.day
          ? '0DTE'
          : 'daily';
    found.push({ iso: isoOf(day), day, kind, dte: day - today.day });
  }
  return found;
}

/** Legs whose expiration is before today on the exchange: refused before anything is sent. */
export function pastExpirationProblems(order: Order, nowMs: number): FieldProblem[] {
  if (order.kind !== 'enterLegs' || !Array.isArray(order.legs)) return [];
  const today = exchangeToday(nowMs).day;
  const problems: FieldProblem[] = [];
  order.legs.forEach((leg, i) => {
    const day = typeof leg?.expiration === 'string' ? dayFromIso(leg.expiration) : null;
    if (day !== null && day < today) {
      problems.push({
        field: `legs.${i}.expiration`,
        message: words('fieldExpirationPast', leg.expiration, isoOf(today)),
      });
    }
  });
  return problems;
}
