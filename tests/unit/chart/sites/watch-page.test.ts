import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchPage } from '@/lib/chart/sites/watch-page';
import { yahoo } from '@/lib/chart/sites/yahoo';
import type { ChartReport } from '@/lib/chart/types';
import { SETTLE_MS } from '@/lib/chart/types';

describe('watchPage follows a site through in-page navigation', () => {
  let url: string;
  let sent: ChartReport[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    url = 'https://finance.yahoo.com/quote/AAPL/';
    sent = [];
    document.head.innerHTML = '';
    document.title = 'Apple Inc. (AAPL) Stock Price, News, Quote & History - Yahoo Finance';
  });
  afterEach(() => vi.useRealTimers());

  it('settles, re-reads the address at click time, and is never the old symbol after a pushState', () => {
    const watcher = watchPage({
      adapter: yahoo,
      doc: document,
      location: () => url,
      send: (r) => sent.push(r),
    });
    expect(watcher.reread().state).toBe('settling');
    vi.advanceTimersByTime(SETTLE_MS + 5);
    expect(sent.at(-1)).toMatchObject({ state: 'ready', symbol: 'AAPL', site: 'yahoo' });
    // The page pushes a new address; no event reaches the content script yet: the click-time re-read sees it.
    url = 'https://finance.yahoo.com/quote/MSFT/';
    expect(watcher.reread()).toMatchObject({ state: 'settling', symbol: null });
    vi.advanceTimersByTime(SETTLE_MS + 5);
    expect(watcher.reread().state).toBe('ambiguous');
    document.title = 'Microsoft Corporation (MSFT) Stock Price, News, Quote & History - Yahoo Finance';
    expect(watcher.reread()).toMatchObject({ state: 'settling', symbol: 'MSFT' });
    vi.advanceTimersByTime(SETTLE_MS + 5);
    expect(watcher.reread()).toMatchObject({ state: 'ready', symbol: 'MSFT', underlying: 'MSFT' });
    expect(watcher.last.kind).toBe('symbol');
    watcher.stop();
  });

  it('stays away from pages with no symbol', () => {
    url = 'https://finance.yahoo.com/news/';
    const watcher = watchPage({
      adapter: yahoo,
      doc: document,
      location: () => url,
      send: (r) => sent.push(r),
    });
    expect(watcher.last.kind).toBe('none');
    expect(watcher.reread().state).toBe('unreadable');
    watcher.stop();
  });
});
