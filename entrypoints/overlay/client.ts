import { connectViewState } from '@/components/use-view-state';
import type { ViewPush } from '@/lib/messaging/protocol';
import { ask } from '@/lib/messaging/send';

/** Everything the overlay needs from the background; a fake one drives the unit tests. */
export interface OverlayClient {
  ask: typeof ask;
  /**
   * Delivers the current state and chart, then every change, until the returned function is called.
   * Survives the background worker being stopped (the shared connection reconnects and is pushed both again).
   */
  subscribe(onPush: (push: ViewPush) => void): () => void;
}

export const backgroundClient: OverlayClient = {
  ask,
  subscribe(onPush) {
    const connection = connectViewState();
    const stopState = connection.state.subscribe((state) => {
      if (state !== null) onPush({ type: 'state', state });
    });
    const stopChart = connection.chart.subscribe((report) => onPush({ type: 'chart', report }));
    return () => {
      stopState();
      stopChart();
      connection.close();
    };
  },
};
