import { browser } from 'wxt/browser';
import type { ChartReport } from '@/lib/chart/types';
import { watchChart } from '@/lib/chart/watch-chart';
import type {
  OverlayFitMessage,
  OverlayMoveMessage,
  OverlayPlacementMessage,
  OverlayResetMessage,
  QuoteMessage,
  Request,
  RereadMessage,
} from '@/lib/messaging/protocol';
import { CHART_MATCHES } from '@/lib/scope/chart-hosts';
import { mountOverlayFrame } from './overlay-frame';

/**
 * Reads the chart's symbol and tells the background; places the overlay frame. Kept tiny on purpose
 * (no zod, no UI framework, no storage wrapper): it runs on every chart tab, and TradingView is heavy.
 * It reports the symbol as shown; the background applies the trader's symbol map (see watch-chart.ts).
 */
export default defineContentScript({
  matches: CHART_MATCHES,
  runAt: 'document_idle',
  main(ctx) {
    const tell = (report: ChartReport) => {
      const message: Request = { type: 'chart.report', report };
      // The background may be restarting or the extension reloaded; the next change or re-read catches up.
      browser.runtime.sendMessage(message).catch(() => {});
    };
    const watcher = watchChart({ doc: document, send: tell });
    const frame = mountOverlayFrame(ctx, (claim) => {
      const message: Request = { type: 'overlay.frame', ...claim };
      browser.runtime.sendMessage(message).catch(() => {});
    });

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
      if (asked?.type === 'overlay.fit' && typeof asked.height === 'number') frame.fit(asked.height);
      // The background sends only what its schema checked, so the fields are there and whole.
      if (asked?.type === 'overlay.move') frame.move(asked as OverlayMoveMessage);
      if (asked?.type === 'overlay.reset') frame.reset();
      if (asked?.type === 'overlay.placement') frame.placement(asked.placement);
      if (asked?.type !== 'chart.reread') return false;
      // The chart, our frame and how the page shows it, in one answer: no extra round trip at click time.
      sendResponse({ report: watcher.reread(), ...frame.check() });
      return false;
    };
    browser.runtime.onMessage.addListener(onMessage);

    ctx.addEventListener(window, 'wxt:locationchange', () => watcher.rescan());
    ctx.onInvalidated(() => {
      watcher.stop();
      browser.runtime.onMessage.removeListener(onMessage);
      // Without a reader the last report would go stale; anything that stops this script (even a page
      // forging WXT's restart event) leaves the chart untradable rather than trusted.
      tell({
        symbol: null,
        exchange: null,
        underlying: null,
        state: 'unreadable',
        reason: 'The chart reader stopped: reload the TradingView tab.',
        changedAt: Date.now(),
        theme: 'light',
      });
    });
  },
});
