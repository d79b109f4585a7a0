import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { ChartReport } from '@/lib/chart/types';
import type {
  OverlayFitMessage,
  OverlayMoveMessage,
  OverlayPlacementMessage,
  OverlayResetMessage,
  QuoteMessage,
  Request,
  RereadMessage,
} from '@/lib/messaging/protocol';
import { words } from '../../lib/words';
import { mountOverlayFrame, type OverlayFrame } from './overlay-frame';

/**
 * What every charting site's content script does once it has a reader: tell the background what the
 * chart shows, place the overlay frame, answer the background's click-time re-read with the chart and
 * the frame check, and go untradable when it stops. The same on every site (frame identity, click
 * integrity and order truth live in the frame, the background and this wiring, not in the readers).
 */
export interface ChartReader {
  /** Read everything now, tell the background if it changed, and return the fresh report. */
  reread(): ChartReport;
  /** The page navigated in place: look again. */
  rescan(): void;
  stop(): void;
}

export function runChartContent(
  ctx: ContentScriptContext,
  options: {
    /** The site's name, for the trader (`TradingView`, `Yahoo Finance`). */
    label: string;
    start: (send: (report: ChartReport) => void) => ChartReader;
    /** Place the overlay only once this holds (a site's pages without a symbol get none); at once by default. */
    wanted?: () => boolean;
  },
): void {
  const tell = (report: ChartReport) => {
    const message: Request = { type: 'chart.report', report };
    // The background may be restarting or the extension reloaded; the next change or re-read catches up.
    browser.runtime.sendMessage(message).catch(() => {});
  };
  let frame: OverlayFrame | null = null;
  const place = () => {
    if (frame !== null || (options.wanted && !options.wanted())) return;
    frame = mountOverlayFrame(ctx, (claim) => {
      const message: Request = { type: 'overlay.frame', ...claim };
      browser.runtime.sendMessage(message).catch(() => {});
    });
  };
  const reader = options.start((report) => {
    tell(report);
    if (options.wanted) place();
  });
  place();

  // Re-read at click time: the background asks before it sends an order for this chart.
  // Answered synchronously through sendResponse: the one form every browser's native API takes.
  // Only the extension can message a content script, and the background sends overlay.* only for the
  // overlay page in this tab (entrypoints/background/messages.ts): the chart page cannot move the frame.
  const onMessage = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
    const asked = message as Partial<
      | RereadMessage
      | OverlayFitMessage
      | OverlayMoveMessage
      | OverlayResetMessage
      | OverlayPlacementMessage
      | QuoteMessage
    > | null;
    if (asked?.type === 'chart.quote') {
      // The order ticket starts from the chart's last price, which the title carries on every tick.
      // The background parses it: this script stays small, and its answer is untrusted input there.
      sendResponse(document.title);
      return false;
    }
    if (frame === null) return false;
    if (asked?.type === 'overlay.fit' && typeof asked.height === 'number') frame.fit(asked.height);
    // The background sends only what its schema checked, so the fields are there and whole.
    if (asked?.type === 'overlay.move') frame.move(asked as OverlayMoveMessage);
    if (asked?.type === 'overlay.reset') frame.reset();
    if (asked?.type === 'overlay.placement') frame.placement(asked.placement);
    if (asked?.type !== 'chart.reread') return false;
    // The chart, our frame and how the page shows it, in one answer: no extra round trip at click time.
    sendResponse({ report: reader.reread(), ...frame.check() });
    return false;
  };
  browser.runtime.onMessage.addListener(onMessage);

  ctx.addEventListener(window, 'wxt:locationchange', () => reader.rescan());
  ctx.onInvalidated(() => {
    reader.stop();
    browser.runtime.onMessage.removeListener(onMessage);
    // Without a reader the last report would go stale; anything that stops this script (even a page
    // forging WXT's restart event) leaves the chart untradable rather than trusted.
    tell({
      symbol: null,
      exchange: null,
      underlying: null,
      state: 'unreadable',
      reason: words('chartReaderStopped', options.label),
      changedAt: Date.now(),
      theme: 'light',
    });
  });
}
