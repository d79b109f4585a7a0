import { browser } from 'wxt/browser';
import { quoteFromTitle } from '@/lib/chart/title-price';
import type { ChartReport } from '@/lib/chart/types';
import type { ChartQuote, QuoteMessage, RereadMessage } from '@/lib/messaging/protocol';
import { chartReportSchema } from '@/lib/messaging/schemas';

/** The latest report of each chart tab. A stopped worker forgets them; the tab is asked again. */
export function createChartTabs() {
  const reports = new Map<number, ChartReport>();
  return {
    set(tabId: number, report: ChartReport): boolean {
      const before = reports.get(tabId);
      reports.set(tabId, report);
      return JSON.stringify(before) !== JSON.stringify(report);
    },
    forget(tabId: number): void {
      reports.delete(tabId);
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
    /** Read the chart again now, from the top frame only. Null when the tab has no chart. */
    async reread(tabId: number): Promise<ChartReport | null> {
      try {
        const message: RereadMessage = { type: 'chart.reread' };
        const parsed = chartReportSchema.safeParse(
          await browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
        );
        if (!parsed.success) return null;
        reports.set(tabId, parsed.data);
        return parsed.data;
      } catch {
        return null;
      }
    },
  };
}

export type ChartTabs = ReturnType<typeof createChartTabs>;
