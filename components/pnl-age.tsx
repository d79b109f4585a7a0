import { words } from '../lib/words';
import { PNL_OLD_MS, pnlAge } from './format';

export { PNL_OLD_MS, pnlAge };

import { useNow } from './use-now';

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
      {readAt === null ? words('tradesNotRefreshed') : words('pnlAsOf', pnlAge(readAt, now))}
    </p>
  );
}
