import { fakeBrowser } from 'wxt/testing';

/** The frameId the browser gives the overlay frame in these fixtures (the one the content script reported). */
export const OVERLAY_FRAME = 1;

/** A content script's answer to the click-time re-read: this chart, our frame, plainly shown. */
export const rereadOf = <R>(report: R | null | undefined) =>
  report ? { report, frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY, frameProblem: null } : null;

/** A chart tab as tabs.get describes it (the re-read asks only tabs showing a chart page). */
export const chartTab = {
  id: 7,
  index: 0,
  url: 'https://www.tradingview.com/chart/xyz/',
  highlighted: false,
  active: true,
  pinned: false,
  incognito: false,
};

/** The key the content script handed the overlay frame in these fixtures. */
export const OVERLAY_KEY = '00000000-0000-4000-8000-000000000001';

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
