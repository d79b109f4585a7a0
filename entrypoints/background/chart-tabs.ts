import { browser } from 'wxt/browser';
import { quoteFromTitle } from '@/lib/chart/title-price';
import type { ChartReport } from '@/lib/chart/types';
import type { ChartQuote, QuoteMessage, RereadMessage, RereadReply } from '@/lib/messaging/protocol';
import { rereadReplySchema } from '@/lib/messaging/schemas';
import { isChartUrl } from '@/lib/scope/chart-hosts';
import type { FrameBinding } from './sender';

/**
 * The latest report of each chart tab, and the one frame in it that is our overlay (tab → frameId, as
 * the tab's content script reported it). A stopped worker forgets both; the tab is asked again.
 */
export function createChartTabs() {
  const reports = new Map<number, ChartReport>();
  const frames = new Map<number, FrameBinding>();
  return {
    set(tabId: number, report: ChartReport): boolean {
      const before = reports.get(tabId);
      reports.set(tabId, report);
      return JSON.stringify(before) !== JSON.stringify(report);
    },
    /** The content script created (or re-created) the overlay frame: only that frame may act for the tab. */
    bind(tabId: number, binding: FrameBinding): void {
      frames.set(tabId, binding);
    },
    /** The tab's overlay frame; undefined when the tab has not said yet (ask it with `reread`). */
    frameOf(tabId: number): FrameBinding | undefined {
      return frames.get(tabId);
    },
    forget(tabId: number): void {
      reports.delete(tabId);
      frames.delete(tabId);
    },
    known(tabId: number): ChartReport | null {
      return reports.get(tabId) ?? null;
    },
    /** The last price the chart's title shows, read now; nulls when the tab does not answer one. */
    async quote(tabId: number): Promise<ChartQuote> {
      try {
        const message: QuoteMessage = { type: 'chart.quote' };
        // The tab answers with its title as it stands; anything else, or an overlong one, is no quote.
        const title: unknown = await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
        if (typeof title !== 'string' || title.length > 512) return { ticker: null, price: null };
        return quoteFromTitle(title);
      } catch {
        return { ticker: null, price: null };
      }
    },
    /**
     * Ask the tab's top frame now: the chart, our frame and what the page does to it. Only while the tab
     * shows a chart page (https, chart host, /chart/): anything else answering in frame 0 is not asked.
     * Null when the tab has no chart.
     */
    async reread(tabId: number): Promise<RereadReply | null> {
      try {
        const message: RereadMessage = { type: 'chart.reread' };
        // Side by side: the URL check costs no extra wait on the click path.
        const [tab, answer] = await Promise.all([
          browser.tabs.get(tabId),
          browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
        ]);
        if (!isChartUrl(tab.url)) return null;
        const parsed = rereadReplySchema.safeParse(answer);
        if (!parsed.success) return null;
        reports.set(tabId, parsed.data.report);
        frames.set(tabId, { frameId: parsed.data.frameId, frameKey: parsed.data.frameKey });
        return parsed.data;
      } catch {
        return null;
      }
    },
  };
}

export type ChartTabs = ReturnType<typeof createChartTabs>;
