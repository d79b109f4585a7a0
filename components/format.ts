import type { OpenTrade } from '@/lib/api/types';
import { wallClock } from '@/lib/time/wall-clock';
import { words } from '@/lib/words';

/**
 * How numbers, money and times look to a trader, everywhere the same: popup, overlay, journal,
 * settings. One place that formats them, with Intl in the trader's own locale (the browser's UI
 * language), so a German browser reads `+1.234,50 $` where an American one reads `+$1,234.50`.
 * Nothing here throws: a value that is not a number a trader could hold (NaN, Infinity, more than a
 * trillion, an invalid date) reads as the placeholder.
 */

/** What a value that cannot be shown reads as. */
export const PLACEHOLDER = '—';

/** Beyond this no amount, price or percentage is real: shown as the placeholder, not as digits. */
const LARGEST = 1e12;

// Asked once per locale name: every number and time on screen asks for the trader's locale, and the
// runtime's own check of it is as slow as building a formatter.
const localeSupport = new Map<string, boolean>();

function supportedLocale(locale: string): boolean {
  let known = localeSupport.get(locale);
  if (known === undefined) {
    known = Intl.NumberFormat.supportedLocalesOf(locale).length > 0;
    localeSupport.set(locale, known);
  }
  return known;
}

/** The trader's locale: the browser's UI language, else the page's, else en-US. */
export function traderLocale(): string {
  const g = globalThis as {
    browser?: { i18n?: { getUILanguage?: () => string } };
    chrome?: { i18n?: { getUILanguage?: () => string } };
    navigator?: { language?: string };
  };
  const asked = [
    () => g.browser?.i18n?.getUILanguage?.(),
    () => g.chrome?.i18n?.getUILanguage?.(),
    () => g.navigator?.language,
  ];
  for (const ask of asked) {
    try {
      const locale = ask();
      if (locale && supportedLocale(locale)) return locale;
    } catch {
      // An unreadable or unsupported language: the next one.
    }
  }
  return 'en-US';
}

// Formatters built once and kept, at most KEPT_FORMATTERS: keys hold a locale and a zone from
// settings, which the runtime accepts in any case, so the keys are not few.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
const KEPT_FORMATTERS = 64;

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    if (formatters.size >= KEPT_FORMATTERS) formatters.clear();
    formatters.set(key, f);
  }
  return f as T;
}

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.NumberFormat(locale, options);
    } catch {
      return new Intl.NumberFormat('en-US', options);
    }
  });
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return cached(`d|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Intl.DateTimeFormat(locale, options);
    } catch {
      // An unknown zone or locale: the same fields in en-US and the zone the browser knows.
      const { timeZone: _zone, ...rest } = options;
      return new Intl.DateTimeFormat('en-US', rest);
    }
  });
}

const showable = (n: number): boolean => Number.isFinite(n) && Math.abs(n) < LARGEST;

/** An ms epoch a Date can hold (±8.64e15). */
const validInstant = (ms: number): boolean => Number.isFinite(ms) && !Number.isNaN(new Date(ms).getTime());

/** `+$20.20`, `-$3.10`, `$0.00`: the sign always shown so a loss can't pass for a gain. */
export function formatSignedMoney(dollars: number, locale = traderLocale()): string {
  if (!showable(dollars)) return PLACEHOLDER;
  return numberFormat(locale, { style: 'currency', currency: 'USD', signDisplay: 'exceptZero' }).format(
    dollars,
  );
}

/** `$12.50` for prices, which carry no direction. */
export function formatPrice(dollars: number, locale = traderLocale()): string {
  if (!showable(dollars)) return PLACEHOLDER;
  return numberFormat(locale, { style: 'currency', currency: 'USD' }).format(dollars);
}

/** `1,234.5`, `450`: a strike, a quantity or a count, with at most `digits` decimals. */
export function formatNumber(value: number, digits = 2, locale = traderLocale()): string {
  if (!showable(value)) return PLACEHOLDER;
  return numberFormat(locale, { maximumFractionDigits: digits }).format(value);
}

/** `+20.0%`, `-4.55%`, `-0.40%`, `-<0.01%`, `0.00%`: a small loss never reads as none. */
export function formatSignedPercent(percent: number, locale = traderLocale()): string {
  if (!showable(percent)) return PLACEHOLDER;
  const abs = Math.abs(percent);
  const digits = abs < 10 ? 2 : 1;
  const format = (n: number, signDisplay: 'exceptZero' | 'never') =>
    numberFormat(locale, {
      style: 'percent',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      signDisplay,
    }).format(n / 100);
  if (abs > 0 && abs < 0.005) return `${percent > 0 ? '+' : '-'}<${format(0.01, 'never')}`;
  return format(percent, 'exceptZero');
}

/** `Fri, Dec 18, 2026` (or `Fr., 18. Dez. 2026`): a calendar day, such as an expiration, as ms at UTC midnight. */
export function formatDay(utcMidnightMs: number, locale = traderLocale()): string {
  if (!validInstant(utcMidnightMs)) return PLACEHOLDER;
  return dateFormat(locale, {
    timeZone: 'UTC',
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(utcMidnightMs);
}

/** Whether a strategy opens for a credit (premium received) or a debit, by its name; null when it does not say. */
export function entrySide(strategy: string): 'credit' | 'debit' | null {
  const s = strategy.toUpperCase();
  // An iron butterfly or condor sells the body and buys the wings: a credit, whatever else it is called.
  if (/\bIRON\b/.test(s)) return 'credit';
  if (/DEBIT|\bLONG\b|BUTTERFLY|CALENDAR/.test(s)) return 'debit';
  if (/CREDIT|CONDOR|\bSHORT\b|STRANGLE|STRADDLE|IRON/.test(s)) return 'credit';
  return null;
}

/** `ET` for America/New_York and friends; the zone's own name otherwise. */
export function zoneLabel(timeZone: string): string {
  const short: Record<string, string> = {
    'America/New_York': 'ET',
    'America/Chicago': 'CT',
    'America/Denver': 'MT',
    'America/Los_Angeles': 'PT',
    UTC: 'UTC',
  };
  return short[timeZone] ?? timeZone;
}

/** `12/01/2026, 10:20:01 AM ET` (or `01.12.2026, 10:20:01 ET`): an instant as the journal shows it, in one zone. */
export function formatZoned(ms: number, timeZone: string, locale = traderLocale()): string {
  if (!validInstant(ms)) return PLACEHOLDER;
  const fields: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  };
  try {
    const zoned = cached(
      `z|${locale}|${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { ...fields, timeZone }),
    );
    return `${zoned.format(ms)} ${zoneLabel(timeZone)}`;
  } catch {
    return `${dateFormat(locale, { ...fields, timeZone: 'UTC' }).format(ms)} UTC`;
  }
}

/** Which colour a P&L gets. */
export function pnlTone(dollars: number): 'gain' | 'loss' | 'flat' {
  return dollars > 0 ? 'gain' : dollars < 0 ? 'loss' : 'flat';
}

/**
 * `entered_at` comes without a zone (`2024-10-25 10:20:01`). It is shown as given; the age reads it
 * in the platform time zone setting (ET unless changed), or this browser's local time without one.
 * Null when unreadable.
 */
export function parseEnteredAt(enteredAt: string, timeZone?: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(enteredAt.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (timeZone === undefined) {
    const t = new Date(y, mo - 1, d, h, mi, s).getTime();
    return Number.isFinite(t) ? t : null;
  }
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (!Number.isFinite(wall)) return null;
  try {
    // The zone's offset at that wall time, found in two steps so a DST change between is taken.
    const offsetAt = (ms: number) => {
      const [a, b, c, e, f, g] = wallClock(ms, timeZone) as [number, number, number, number, number, number];
      return Date.UTC(a, b - 1, c, e, f, g) - ms;
    };
    const first = wall - offsetAt(wall);
    return wall - offsetAt(first);
  } catch {
    return null;
  }
}

/** `just now`, `45s ago`, `12m ago`, `3h 5m ago`, `2d 4h ago`. */
export function formatAgo(thenMs: number, nowMs: number, locale = traderLocale()): string {
  if (!validInstant(thenMs) || !validInstant(nowMs)) return PLACEHOLDER;
  const seconds = Math.floor((nowMs - thenMs) / 1000);
  const n = (v: number) => formatNumber(v, 0, locale);
  if (seconds < 5) return words('agoJustNow');
  if (seconds < 60) return words('agoSeconds', n(seconds));
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return words('agoMinutes', n(minutes));
  const hours = Math.floor(minutes / 60);
  if (hours < 24)
    return minutes % 60 ? words('agoHoursMinutes', n(hours), n(minutes % 60)) : words('agoHours', n(hours));
  const days = Math.floor(hours / 24);
  return hours % 24 ? words('agoDaysHours', n(days), n(hours % 24)) : words('agoDays', n(days));
}

/** The age of a trade from its `entered_at`, or empty when it can't be read. */
export function tradeAge(enteredAt: string, nowMs: number, timeZone?: string): string {
  const t = parseEnteredAt(enteredAt, timeZone);
  return t === null ? '' : formatAgo(t, nowMs);
}

/** `4:59`, `0:07`: a countdown a trader reads at a glance. */
export function formatCountdown(ms: number): string {
  if (!showable(ms)) return PLACEHOLDER;
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** `2:03:22 PM` (or `14:03:22`): the clock time of an ms epoch in the trader's locale. */
export function formatClock(ms: number, locale = traderLocale()): string {
  if (!validInstant(ms)) return PLACEHOLDER;
  return dateFormat(locale, { timeStyle: 'medium' }).format(ms);
}

/** Newest first by `entered_at`; trades whose time can't be read go last, newest id first. */
export function sortNewestFirst(trades: readonly OpenTrade[], timeZone?: string): OpenTrade[] {
  return [...trades].sort((a, b) => {
    const ta = parseEnteredAt(a.enteredAt, timeZone);
    const tb = parseEnteredAt(b.enteredAt, timeZone);
    if (ta !== null && tb !== null && ta !== tb) return tb - ta;
    if (ta === null && tb !== null) return 1;
    if (tb === null && ta !== null) return -1;
    return b.id - a.id;
  });
}

/** Past this, the P&L shown is marked old: reads are kept every 10 s while a view is on screen. */
export const PNL_OLD_MS = 30_000;

/** `8 s ago`, `3 min ago`, `2h 5m ago`: how old the P&L on screen is, to the second under a minute. */
export function pnlAge(readAt: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - readAt) / 1000));
  if (seconds < 60) return words('pnlAgeSeconds', formatNumber(seconds, 0));
  if (seconds < 3600) return words('pnlAgeMinutes', formatNumber(Math.floor(seconds / 60), 0));
  return formatAgo(readAt, now);
}
