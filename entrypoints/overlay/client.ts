import { browser } from 'wxt/browser';
import type { ChartReport } from '@/lib/chart/types';
import type { ViewPush, ViewState } from '@/lib/messaging/protocol';
import { VIEW_PORT } from '@/lib/messaging/protocol';
import { ask } from '@/lib/messaging/send';

/** Everything the overlay needs from the background; a fake one drives the unit tests. */
export interface OverlayClient {
  ask: typeof ask;
  /**
   * Delivers the current state and chart, then every push, until the returned function is called.
   * Survives the background worker being stopped: it reconnects and reads both again.
   */
  subscribe(onPush: (push: ViewPush) => void): () => void;
}

const RECONNECT_MS = 1000;

/**
 * The overlay's own port client rather than components/use-view-state: that one paints from the stored
 * cache first, which brings WXT's storage layer (~4 kB gzip) into a page loaded on every chart. The
 * overlay has nothing to show before the background answers about the chart anyway.
 */
export const backgroundClient: OverlayClient = {
  ask,
  subscribe(onPush) {
    let stopped = false;
    let port: ReturnType<typeof browser.runtime.connect> | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const connect = (): void => {
      if (stopped) return;
      // A push that lands while the first reads are in flight is newer than their answers: keep it.
      const pushedSince = { state: false, chart: false };
      try {
        port = browser.runtime.connect({ name: VIEW_PORT });
      } catch (error) {
        console.warn('overlay: could not reach the background', error);
        retry = setTimeout(connect, RECONNECT_MS);
        return;
      }
      port.onMessage.addListener((message: unknown) => {
        const push = message as ViewPush | undefined;
        if (push?.type === 'state' || push?.type === 'chart') {
          pushedSince[push.type] = true;
          onPush(push);
        }
      });
      port.onDisconnect.addListener(() => {
        port = null;
        if (!stopped) retry = setTimeout(connect, RECONNECT_MS);
      });
      ask({ type: 'state.get' }).then(
        (state: ViewState) => {
          if (!stopped && !pushedSince.state) onPush({ type: 'state', state });
        },
        (error: unknown) => console.warn('overlay: state.get failed', error),
      );
      ask({ type: 'chart.current' }).then(
        (report: ChartReport | null) => {
          if (!stopped && !pushedSince.chart) onPush({ type: 'chart', report });
        },
        (error: unknown) => console.warn('overlay: chart.current failed', error),
      );
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      port?.disconnect();
    };
  },
};
