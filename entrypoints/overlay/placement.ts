import { browser } from 'wxt/browser';
import type { OverlayPlacement } from '@/lib/storage/items';
import type { CollapsedStore } from './app';

/**
 * One host's entry. `right`/`top` are there only once the trader has dragged the frame on that site
 * (the content script writes them); until then the frame sits in the chart's corner.
 */
export type StoredPlacement = Partial<OverlayPlacement>;

/** The part of a WXT storage item the overlay uses, so tests can hand in a plain object. */
export interface PlacementItem {
  getValue(): Promise<Record<string, StoredPlacement>>;
  setValue(value: Record<string, StoredPlacement>): Promise<void>;
}

/**
 * `overlayPlacementItem` (lib/storage/items.ts) read and written by its raw key, as the content script
 * does: WXT's storage layer would add ~4 kB gzip to a page loaded on every chart.
 */
export const PLACEMENT_KEY = 'overlayPlacement';

export const rawPlacementItem: PlacementItem = {
  async getValue() {
    const stored: unknown = (await browser.storage.local.get(PLACEMENT_KEY))[PLACEMENT_KEY];
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, StoredPlacement>) : {};
  },
  async setValue(value) {
    await browser.storage.local.set({ [PLACEMENT_KEY]: value });
  },
};

/**
 * The TradingView host this frame sits on (`www.tradingview.com`, `in.tradingview.com`), which keys the
 * placement. The frame's own location is the extension's, so the host comes from the embedding page:
 * `?host=` if the content script passed it, else the ancestor origin (Chromium), else the referrer.
 */
export function siteHost(
  location: { search: string; ancestorOrigins?: { length: number; [index: number]: string } },
  referrer: string,
): string {
  const candidates = [
    new URLSearchParams(location.search).get('host'),
    location.ancestorOrigins && location.ancestorOrigins.length > 0 ? location.ancestorOrigins[0] : null,
    referrer,
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    const host = hostOf(candidate);
    if (host !== null) return host;
  }
  return 'unknown';
}

function hostOf(text: string): string | null {
  // A bare host, or an origin / URL.
  if (/^[a-z0-9.-]+$/i.test(text)) return text.toLowerCase();
  try {
    return new URL(text).hostname || null;
  } catch {
    return null;
  }
}

/** Reads and writes only `collapsed` for one host; the content script owns where the frame sits. */
export function placementStore(item: PlacementItem, host: string): CollapsedStore {
  return {
    async load() {
      return (await item.getValue())[host]?.collapsed ?? false;
    },
    async save(collapsed) {
      // Re-read right before writing, and keep the rest of the entry: the content script may have
      // saved a dragged spot meanwhile, and a made-up one would pin the frame off the chart's corner.
      const all = await item.getValue();
      await item.setValue({ ...all, [host]: { ...all[host], collapsed } });
    },
  };
}
