import { browser } from 'wxt/browser';
import type { OverlayPlacement } from '@/lib/storage/items';
import type { CollapsedStore } from './app';

/** Where a fresh overlay sits: clear of TradingView's header and right-hand toolbar. */
export const DEFAULT_PLACEMENT: OverlayPlacement = { right: 60, top: 90, collapsed: false };

/** The part of a WXT storage item the overlay uses, so tests can hand in a plain object. */
export interface PlacementItem {
  getValue(): Promise<Record<string, OverlayPlacement>>;
  setValue(value: Record<string, OverlayPlacement>): Promise<void>;
}

/**
 * `overlayPlacementItem` (lib/storage/items.ts) read and written by its raw key, as the content script
 * does: WXT's storage layer would add ~4 kB gzip to a page loaded on every chart.
 */
export const PLACEMENT_KEY = 'overlayPlacement';

export const rawPlacementItem: PlacementItem = {
  async getValue() {
    const stored: unknown = (await browser.storage.local.get(PLACEMENT_KEY))[PLACEMENT_KEY];
    return typeof stored === 'object' && stored !== null ? (stored as Record<string, OverlayPlacement>) : {};
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
      // Re-read right before writing: the content script may have moved the frame meanwhile.
      const all = await item.getValue();
      await item.setValue({ ...all, [host]: { ...(all[host] ?? DEFAULT_PLACEMENT), collapsed } });
    },
  };
}
