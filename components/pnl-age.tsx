import { words } from '../lib/words';
import { formatAgo } from './format';
import { useNow } from './use-now';

/** Past this, the P&L shown is marked old: reads are kept every 10 s while a view is on screen. */
export const PNL_OLD_MS = 30_000;

/** `8 s ago`, `3 min ago`, `2h 5m ago`: how old the P&L on screen is, to the second under a minute. */
export function pnlAge(readAt: number, now: number): string {
  const seconds = Math.max(0, Math.floor((now - readAt) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return formatAgo(readAt, now);
}

/**
 * "P&L as of 8 s ago", from the time open trades were read, on its own one-second clock: the view
 * around it may redraw less often, and an age shown younger than it is would mislead.
 */
export function PnlAge({ readAt }: { readAt: number | null }) {
  const now = useNow(1000);
  const old = readAt === null || now - readAt > PNL_OLD_MS;
  return (
    <p
      class={`ct-trades__refreshed ct-muted${old ? ' ct-trades__refreshed--old' : ''}`}
      data-testid="trades-refreshed"
      data-read-at={readAt ?? undefined}
    >
      {readAt === null ? 'Not refreshed yet' : words('pnlAsOf', pnlAge(readAt, now))}
    </p>
  );
}
