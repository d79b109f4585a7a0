import { words } from '../../words';
import { type PageReading, type PageSiteAdapter, type SiteSymbolRule, siteSymbol } from './types';

/**
 * TrendSpider. Evidence (issue 16): the window title reads `TICKER: … — TrendSpider`; workspace URLs do
 * not carry the symbol. The title is the one source: read-only until the trader confirms the symbol.
 */

const TITLE = /^\s*([^\s:]{1,32}):\s.*[—–-]\s*TrendSpider\s*$/;

function read(_url: URL, title: string): PageReading {
  const raw = TITLE.exec(title)?.[1];
  if (!raw) return { kind: 'none' };
  if (/[,/*+]/.test(raw)) {
    return {
      kind: 'refused',
      symbol: null,
      reason: words('siteTrendspiderSpread', raw),
    };
  }
  return { kind: 'symbol', sources: [{ name: 'title', ticker: siteSymbol(raw) }] };
}

export const trendspider: PageSiteAdapter = {
  id: 'trendspider',
  label: 'TrendSpider',
  certainty: 'confirm',
  navigation: ['title'],
  read,
};

export const trendspiderSymbolRule: SiteSymbolRule = () => null;
