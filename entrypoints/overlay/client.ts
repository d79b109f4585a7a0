import { browser } from 'wxt/browser';
import type { ChartReport } from '@/lib/chart/types';
import type { ViewPush, ViewState } from '@/lib/messaging/protocol';
import { FRAME_KEY_FIELD, NOT_OUR_FRAME, type Request, VIEW_PORT } from '@/lib/messaging/protocol';
import { ask as askBackground } from '@/lib/messaging/send';
import { reportVisibility } from '@/lib/messaging/visibility';

/** A push, or the background's word that this copy of the panel is not the one it placed: stay inert. */
export type OverlayPush = ViewPush | { type: 'inert'; message: string };

/** Everything the overlay needs from the background; a fake one drives the unit tests. */
export interface OverlayClient {
  ask: typeof askBackground;
  /**
   * Delivers the current state and chart, then every push, until the returned function is called.
   * Survives the background worker being stopped: it reconnects and reads both again.
   */
  subscribe(onPush: (push: OverlayPush) => void): () => void;
}

const RECONNECT_MS = 1000;

/**
 * The overlay's own port client rather than components/use-view-state: that one paints from the stored
 * cache first, which brings WXT's storage layer (~4 kB gzip) into a page loaded on every chart. The
 * overlay has nothing to show before the background answers about the chart anyway.
 */
/**
 * `frameKey`: the key the chart tab's content script handed this frame (null if none came): sent with
 * every message and in the port's name, so the background knows this is the frame it placed.
 */
export function createBackgroundClient(frameKey: Promise<string | null>): OverlayClient {
  const withKey = (request: Request, key: string | null) =>
    askBackground((key === null ? request : { ...request, [FRAME_KEY_FIELD]: key }) as Request);
  let known: { key: string | null } | null = null;
  void frameKey.then((key) => {
    known = { key };
  });
  // Once the key is known the message leaves in the click's own task: an await here would let the
  // panel's re-render (the button turning busy) run first, and the order wait for it.
  const ask = ((request: Request) =>
    known !== null
      ? withKey(request, known.key)
      : frameKey.then((key) => withKey(request, key))) as typeof askBackground;
  return {
    ask,
    subscribe(onPush) {
      let stopped = false;
      let port: ReturnType<typeof browser.runtime.connect> | null = null;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let stopReporting = () => {};

      const connect = (): void => {
        if (stopped) return;
        // A push that lands while the first reads are in flight is newer than their answers: keep it.
        const pushedSince = { state: false, chart: false };
        try {
          port = browser.runtime.connect({ name: key === null ? VIEW_PORT : `${VIEW_PORT}:${key}` });
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
        // The chart's P&L is kept fresh only while its tab is on screen: say so now, and at each change.
        const connected = port;
        stopReporting();
        stopReporting = reportVisibility((report) => {
          if (port === connected) connected.postMessage(report);
        });
        ask({ type: 'state.get' }).then(
          (state: ViewState) => {
            if (!stopped && !pushedSince.state) onPush({ type: 'state', state });
          },
          (error: unknown) => {
            // Not the frame the extension placed (a page framed this copy): say so, and stop asking.
            if (String(error).includes(NOT_OUR_FRAME)) {
              stopped = true;
              clearTimeout(retry);
              stopReporting();
              port?.disconnect();
              onPush({ type: 'inert', message: NOT_OUR_FRAME });
              return;
            }
            console.warn('overlay: state.get failed', error);
          },
        );
        ask({ type: 'chart.current' }).then(
          (report: ChartReport | null) => {
            if (!stopped && !pushedSince.chart) onPush({ type: 'chart', report });
          },
          (error: unknown) => console.warn('overlay: chart.current failed', error),
        );
      };

      let key: string | null = null;
      void frameKey.then((k) => {
        key = k;
        connect();
      });
      return () => {
        stopped = true;
        clearTimeout(retry);
        stopReporting();
        port?.disconnect();
      };
    },
  };
}
