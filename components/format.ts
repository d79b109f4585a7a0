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

/** `+20.0%`, `-4.5%`, `0.0%`. */
export function formatSignedPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '—';
  const sign = percent > 0 ? '+' : percent < 0 ? '-' : '';
  return `${sign}${Math.abs(percent).toFixed(1)}%`;
}

/** Which colour a P&L gets. */
export function pnlTone(dollars: number): 'gain' | 'loss' | 'flat' {
  return dollars > 0 ? 'gain' : dollars < 0 ? 'loss' : 'flat';
}

/**
 * `entered_at` comes without a zone (`2024-10-25 10:20:01`). It is shown as given; the age reads it
 * as this browser's local time, which is what a trader next to the broker sees. Null when unreadable.
 */
export function parseEnteredAt(enteredAt: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(enteredAt.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const t = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0)).getTime();
  return Number.isFinite(t) ? t : null;
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
export function tradeAge(enteredAt: string, nowMs: number): string {
  const t = parseEnteredAt(enteredAt);
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
