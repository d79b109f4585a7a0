import type { OpenTrade } from '@/lib/api/types';
import { wallClock } from '@/lib/time/wall-clock';

/**
 * How numbers and times look to a trader, everywhere the same: popup, overlay, journal.
 */

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `+$20.20`, `-$3.10`, `$0.00`: the sign always shown so a loss can't pass for a gain. */
export function formatSignedMoney(dollars: number): string {
  if (!Number.isFinite(dollars)) return '—';
  const sign = dollars > 0 ? '+' : dollars < 0 ? '-' : '';
  return `${sign}$${money.format(Math.abs(dollars))}`;
}

/** `$12.50` for prices, which carry no direction. */
export function formatPrice(dollars: number): string {
  if (!Number.isFinite(dollars)) return '—';
  return `${dollars < 0 ? '-' : ''}$${money.format(Math.abs(dollars))}`;
}

/** `+20.0%`, `-4.50%`, `-0.40%`, `-<0.01%`, `0.00%`: a small loss never reads as none. */
export function formatSignedPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  const sign = percent > 0 ? '+' : percent < 0 ? '-' : '';
  const abs = Math.abs(percent);
  if (abs > 0 && abs < 0.005) return `${sign}<0.01%`;
  return `${sign}${abs.toFixed(abs < 10 ? 2 : 1)}%`;
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

/** `2026-12-01 10:20:01 ET`: an instant as the journal shows it, date and time in one zone. */
export function formatZoned(ms: number, timeZone: string): string {
  try {
    const [y, mo, d, h, mi, s] = wallClock(ms, timeZone).map((n) => String(n).padStart(2, '0'));
    return `${y}-${mo}-${d} ${h}:${mi}:${s} ${zoneLabel(timeZone)}`;
  } catch {
    return new Date(ms).toISOString().replace('T', ' ').slice(0, 19).concat(' UTC');
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
export function formatAgo(thenMs: number, nowMs: number): string {
  const seconds = Math.floor((nowMs - thenMs) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m ago` : `${hours}h ago`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h ago` : `${days}d ago`;
}

/** The age of a trade from its `entered_at`, or empty when it can't be read. */
export function tradeAge(enteredAt: string, nowMs: number, timeZone?: string): string {
  const t = parseEnteredAt(enteredAt, timeZone);
  return t === null ? '' : formatAgo(t, nowMs);
}

/** `4:59`, `0:07`: a countdown a trader reads at a glance. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** `14:03:22`, the local clock time of an ms epoch. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
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
