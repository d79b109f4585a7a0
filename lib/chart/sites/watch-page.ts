import { sameReport } from '../read-symbol';
import { type ChartReport, SETTLE_MS } from '../types';
import { decidePage } from './decide-page';
import type { PageReading, PageSiteAdapter } from './types';

/**
 * Follows a site's symbol through its address and title. The address changes without any event a
 * content script sees when the page calls pushState, so it is read again on every title change, on
 * popstate and the Navigation API's same-document navigations where the browser has them, on WXT's
 * location watch (rescan), and always at click time (reread): a click right after a switch sees a
 * reading that just changed, so it is `settling`, never the old symbol.
 */

export interface PageWatcherOptions {
  adapter: PageSiteAdapter;
  doc: Document;
  /** The page's address now. */
  location: () => string;
  send: (report: ChartReport) => void;
}

export interface PageWatcher {
  reread(): ChartReport;
  rescan(): void;
  stop(): void;
  /** What the page showed at the last read: the content script places the overlay once it is about a symbol. */
  readonly last: PageReading;
}

export function watchPage({ adapter, doc, location, send }: PageWatcherOptions): PageWatcher {
  let lastKey = '';
  let lastChangeAt = Date.now();
  let last: PageReading = { kind: 'none' };
  let sent: ChartReport | null = null;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const evaluate = (): ChartReport => {
    let url: URL;
    try {
      url = new URL(location());
    } catch {
      url = new URL('about:blank');
    }
    const reading = adapter.read(url, doc.title);
    const now = Date.now();
    const key = JSON.stringify(reading);
    if (key !== lastKey) {
      lastKey = key;
      lastChangeAt = now;
    }
    last = reading;
    const theme = doc.documentElement.classList.contains('dark') ? 'dark' : 'light';
    const report = decidePage(adapter, reading, now, lastChangeAt, theme);
    if (report.state === 'settling') {
      if (settleTimer !== undefined) clearTimeout(settleTimer);
      settleTimer = setTimeout(
        () => {
          settleTimer = undefined;
          if (!stopped) evaluate();
        },
        Math.max(0, lastChangeAt + SETTLE_MS - now) + 1,
      );
    }
    if (!stopped && !sameReport(report, sent)) {
      sent = report;
      send(report);
    }
    return report;
  };

  const titleObserver = new MutationObserver(() => evaluate());
  if (doc.head) titleObserver.observe(doc.head, { childList: true, subtree: true, characterData: true });
  const onNavigate = () => evaluate();
  const view = doc.defaultView;
  view?.addEventListener('popstate', onNavigate);
  const navigation = (view as unknown as { navigation?: EventTarget } | null)?.navigation;
  navigation?.addEventListener('navigatesuccess', onNavigate);
  navigation?.addEventListener('currententrychange', onNavigate);
  evaluate();

  return {
    get last() {
      return last;
    },
    reread: evaluate,
    rescan: () => void evaluate(),
    stop() {
      stopped = true;
      titleObserver.disconnect();
      view?.removeEventListener('popstate', onNavigate);
      navigation?.removeEventListener('navigatesuccess', onNavigate);
      navigation?.removeEventListener('currententrychange', onNavigate);
      if (settleTimer !== undefined) clearTimeout(settleTimer);
    },
  };
}
