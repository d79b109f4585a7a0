import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import type { SiteId } from '@/lib/chart/sites/types';
import type { OrderSource, SenderKind } from '@/lib/messaging/protocol';
import { chartSiteOf } from '@/lib/scope/optional-sites';

/**
 * Who is asking, from the browser's own sender fields (extension id, origin, tab, frame), never from
 * what the message says. Orders and the secret are for the extension's own pages only; the overlay
 * page counts only in the one frame the chart tab's content script created and reported (a page can
 * frame its own copy of overlay.html, since it must be web-accessible); the content script runs in
 * TradingView's page and may only report the chart, from the top frame of a chart tab.
 */
export type Caller =
  | { kind: 'view'; page: string; tabId: null }
  | { kind: 'overlay'; tabId: number; frameId: number; frameKey?: string }
  /** overlay.html anywhere else: a copy a page framed, a tab, a frame not (or no longer) ours. */
  | { kind: 'strayOverlay'; tabId: number | null }
  | { kind: 'content'; tabId: number; url: URL; site: SiteId }
  /** confirm.html top level in a tab: which window's tab, for the window check (window-confirm.ts). */
  | { kind: 'confirm'; tabId: number; windowId: number | null }
  | { kind: 'stranger' };

/** What a chart tab's content script said of the overlay frame it made. */
export interface FrameBinding {
  frameId: number | null;
  frameKey: string;
}

/**
 * Is the frame `frameId`, presenting `frameKey`, the one this binding names? By frameId where the
 * browser gave the content script one (Firefox), else by the key handed to that frame alone (Chrome).
 */
export function isBoundFrame(
  binding: FrameBinding | null | undefined,
  frameId: number,
  frameKey?: string,
): boolean {
  if (!binding) return false;
  return binding.frameId !== null ? binding.frameId === frameId : frameKey === binding.frameKey;
}

/** Only TradingView, as installed: no other site is switched on. */
export const TRADINGVIEW_ONLY: ReadonlySet<SiteId> = new Set(['tradingview']);

/** The extension's own top-level pages that may act for the trader. Not web-accessible: no page can frame them. */
const VIEWS = new Set(['popup.html', 'options.html']);

/**
 * `boundFrame(tabId)`: the frame the tab's content script reported for its overlay, or undefined
 * when the background does not know it (the caller asks the tab, then classifies again).
 * `frameKey`: the key an overlay page presented with its message. `enabled`: the charting sites
 * switched on now (their host permission granted); a content script on any other site is a stranger.
 */
export function identify(
  sender: Runtime.MessageSender,
  boundFrame: (tabId: number) => FrameBinding | null | undefined = () => undefined,
  frameKey?: string,
  enabled: ReadonlySet<SiteId> = TRADINGVIEW_ONLY,
): Caller {
  if (sender.id !== browser.runtime.id || !sender.url) return { kind: 'stranger' };
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return { kind: 'stranger' };
  }
  const own = new URL(browser.runtime.getURL('/'));
  const tabId = sender.tab?.id;
  if (url.protocol === own.protocol && url.host === own.host) {
    const page = url.pathname.replace(/^\//, '');
    if (page === 'overlay.html') {
      const frameId = sender.frameId;
      if (tabId === undefined || frameId === undefined || frameId === 0)
        return { kind: 'strayOverlay', tabId: tabId ?? null };
      return isBoundFrame(boundFrame(tabId), frameId, frameKey)
        ? { kind: 'overlay', tabId, frameId, ...(frameKey === undefined ? {} : { frameKey }) }
        : { kind: 'strayOverlay', tabId };
    }
    // The confirmation window's page, top level in its own tab; window-confirm.ts checks it is the
    // very tab and window the background opened for the order waiting there.
    if (page === 'confirm.html') {
      return tabId !== undefined && (sender.frameId ?? 0) === 0
        ? { kind: 'confirm', tabId, windowId: sender.tab?.windowId ?? null }
        : { kind: 'stranger' };
    }
    // A popup or settings page never speaks for a chart tab, whichever tab it was opened in.
    return VIEWS.has(page) ? { kind: 'view', page, tabId: null } : { kind: 'stranger' };
  }
  const site = chartSiteOf(url, enabled);
  if (tabId !== undefined && (sender.frameId ?? 0) === 0 && site !== null) {
    return { kind: 'content', tabId, url, site };
  }
  return { kind: 'stranger' };
}

/** The route table's name for a caller; null for anyone no route accepts. */
export function senderKind(caller: Caller): SenderKind | null {
  return caller.kind === 'view' ||
    caller.kind === 'overlay' ||
    caller.kind === 'content' ||
    caller.kind === 'confirm'
    ? caller.kind
    : null;
}

/** Where an order came from, as the journal records it: from the sender, never from the message. */
export function orderSource(caller: Caller): OrderSource | null {
  if (caller.kind === 'view') return 'popup';
  if (caller.kind === 'overlay') return 'overlay';
  return null;
}
