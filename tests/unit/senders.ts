import { fakeBrowser } from 'wxt/testing';

/** A message from one of the extension's own pages; with a tab, a frame in that tab (the overlay). */
export const pageSender = (name: string, tabId?: number) => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL(`/${name}` as '/popup.html'),
  ...(tabId === undefined ? {} : { tab: { id: tabId } as never, frameId: 1 }),
});

/** A message from the content script in the top frame of a TradingView chart tab. */
export const chartSender = (tabId: number) => ({
  id: fakeBrowser.runtime.id,
  url: 'https://www.tradingview.com/chart/xyz/',
  tab: { id: tabId } as never,
  frameId: 0,
});
