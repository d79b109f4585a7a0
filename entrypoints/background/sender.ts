import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';

/**
 * Who is asking. Orders and the secret are for the extension's own pages only (popup,
 * options, the overlay page framed on the chart); the content script runs inside TradingView's
 * page and may only report what the chart shows, from the top frame of a chart tab.
 */
export type Caller =
  | { kind: 'page'; page: string; tabId: number | null }
  | { kind: 'content'; tabId: number; url: URL }
  | { kind: 'stranger' };

const TRADINGVIEW_HOST = /^([a-z0-9-]+\.)*tradingview\.com$/;

export function identify(sender: Runtime.MessageSender): Caller {
  if (sender.id !== browser.runtime.id || !sender.url) return { kind: 'stranger' };
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return { kind: 'stranger' };
  }
  const own = new URL(browser.runtime.getURL('/'));
  if (url.origin === own.origin) {
    const page = url.pathname.replace(/^\//, '');
    // The overlay is framed in a chart tab; the popup and options have no tab or their own.
    return { kind: 'page', page, tabId: sender.tab?.id ?? null };
  }
  const tabId = sender.tab?.id;
  if (
    tabId !== undefined &&
    (sender.frameId ?? 0) === 0 &&
    url.protocol === 'https:' &&
    TRADINGVIEW_HOST.test(url.hostname) &&
    url.pathname.startsWith('/chart/')
  ) {
    return { kind: 'content', tabId, url };
  }
  return { kind: 'stranger' };
}
