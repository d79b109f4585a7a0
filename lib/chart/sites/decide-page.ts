import { words } from '../../words';
import { short } from '../read-symbol';
import { type ChartReport, SETTLE_MS } from '../types';
import type { PageReading, PageSiteAdapter } from './types';

/** A source of the symbol as the trader reads it in a reason. */
const source = (name: 'address' | 'title') =>
  words(name === 'address' ? 'siteSourceAddress' : 'siteSourceTitle');

/**
 * The one decision for a site read from its address and title, as decide() is for TradingView: what
 * the page surely shows. `ready` needs two sources that agree and a settled page; one source alone is
 * `unconfirmed` (the trader types the symbol once, lib/chart/sites/confirm.ts); sources that disagree
 * are a switch in progress, then ambiguous. Whether the symbol trades is the background's call
 * (applySymbolMap, with the site's own rules).
 */
export function decidePage(
  adapter: Pick<PageSiteAdapter, 'id' | 'label' | 'certainty'>,
  reading: PageReading,
  now: number,
  lastChangeAt: number,
  theme: 'light' | 'dark' = 'light',
): ChartReport {
  const recent = now - lastChangeAt < SETTLE_MS;
  const report = (
    state: ChartReport['state'],
    reason: string,
    symbol: string | null = null,
  ): ChartReport => ({
    symbol: symbol === null ? null : short(symbol),
    exchange: null,
    underlying: state === 'ready' && symbol !== null ? short(symbol) : null,
    state,
    reason,
    changedAt: lastChangeAt,
    theme,
    site: adapter.id,
  });
  if (reading.kind === 'none') return report('unreadable', words('siteNoSymbol', adapter.label));
  if (reading.kind === 'refused') return report('ambiguous', reading.reason.slice(0, 300));
  const found = reading.sources.filter((s) => s.ticker !== null);
  const first = found[0];
  if (!first?.ticker) return report('loading', words('siteLoading', adapter.label));
  const other = found.find((s) => s.ticker !== first.ticker);
  if (other?.ticker) {
    if (recent) return report('settling', words('siteSwitching'));
    return report(
      'ambiguous',
      words('siteDisagree', source(first.name), short(first.ticker), source(other.name), short(other.ticker)),
    );
  }
  if (recent) return report('settling', words('chartJustSelected', short(first.ticker)), first.ticker);
  if (adapter.certainty === 'agree' && found.length >= 2) return report('ready', '', first.ticker);
  return report(
    'unconfirmed',
    words('siteUnconfirmed', adapter.label, short(first.ticker), source(first.name)),
    first.ticker,
  );
}
