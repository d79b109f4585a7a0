import { browser } from 'wxt/browser';
import type { OverlayPlacementMessage, PlacementRecord } from '@/lib/messaging/protocol';
import { overlayPlacementSchema, readChecked } from '@/lib/storage/checked';
import { overlayPlacementItem } from '@/lib/storage/items';
import { words } from '@/lib/words';

/**
 * The overlay frame's place, kept for the content script. Storage is closed to content scripts
 * (Chrome's TRUSTED_CONTEXTS, see storage-access.ts), and they never listen to storage changes in
 * any browser: the secret and the account live there. So the content script asks here, names no
 * host (the host is its sender's), and gets pushed only its own host's entry when it changes.
 */

const CHART_TABS = '*://*.tradingview.com/chart/*';

const read = () =>
  readChecked<Record<string, PlacementRecord[string]>>(
    overlayPlacementItem,
    overlayPlacementSchema,
    words('storedNamePlacement'),
  );

const only = (all: Record<string, PlacementRecord[string]>, host: string): PlacementRecord => {
  const mine = all[host];
  return mine ? { [host]: mine } : {};
};

let writes: Promise<unknown> = Promise.resolve();

export const placements = {
  /** This host's entry, in the shape the whole record has (the content script reads it as before). */
  async forHost(host: string): Promise<PlacementRecord> {
    return only(await read(), host);
  },

  /** Where the trader dragged the frame on this host (null: back to the chart's corner). */
  save(host: string, spot: { right: number; top: number } | null): Promise<void> {
    const run = writes.then(async () => {
      const all = await read();
      const { right: _r, top: _t, ...rest } = all[host] ?? {};
      await overlayPlacementItem.setValue({ ...all, [host]: spot ? { ...rest, ...spot } : rest });
    });
    writes = run.catch(() => undefined);
    return run;
  },

  /** Tell every chart tab of the hosts whose entry changed (the overlay page saves `collapsed`). */
  watch(): () => void {
    return overlayPlacementItem.watch(async (next, before) => {
      const parsed = overlayPlacementSchema.safeParse(next ?? {});
      if (!parsed.success) return;
      const all = parsed.data as Record<string, PlacementRecord[string]>;
      const tabs = await browser.tabs.query({ url: CHART_TABS }).catch(() => []);
      for (const tab of tabs) {
        if (tab.id === undefined || !tab.url) continue;
        let host: string;
        try {
          host = new URL(tab.url).hostname;
        } catch {
          continue;
        }
        if (JSON.stringify(all[host]) === JSON.stringify(before?.[host])) continue;
        const message: OverlayPlacementMessage = { type: 'overlay.placement', placement: only(all, host) };
        void browser.tabs.sendMessage(tab.id, message, { frameId: 0 }).catch(() => undefined);
      }
    });
  },
};
