import { browser } from 'wxt/browser';
import { SITE_RULES } from '@/lib/chart/sites/rules';
import type { SiteId } from '@/lib/chart/sites/types';
import { quoteFromTitle } from '@/lib/chart/title-price';
import type { ChartReport } from '@/lib/chart/types';
import type { ChartQuote, QuoteMessage, RereadMessage, RereadReply } from '@/lib/messaging/protocol';
import { rereadReplySchema } from '@/lib/messaging/schemas';
import { chartSiteOf } from '@/lib/scope/optional-sites';
import { words } from '@/lib/words';
import { type FrameBinding, TRADINGVIEW_ONLY } from './sender';

/**
 * A report as the background takes it: its site from the sender's address, never the content script's
 * word; a site that shows its symbol in one place is never ready without the trader's confirmation;
 * and the confirmation, while it names the symbol shown, makes that report ready.
 */
export function judgedReport(report: ChartReport, site: SiteId, confirmed: string | undefined): ChartReport {
  let judged: ChartReport = { ...report, site };
  if (judged.state === 'ready' && SITE_RULES[site].certainty === 'confirm') {
    judged = {
      ...judged,
      state: 'unconfirmed',
      underlying: null,
      reason: words('chartConfirmOnce'),
    };
  }
  if (judged.state === 'unconfirmed' && judged.symbol !== null && confirmed === judged.symbol) {
    judged = { ...judged, state: 'ready', underlying: judged.symbol, reason: '' };
  }
  return judged;
}

/** What the trader typed, as a symbol: trimmed, upper case. */
export function typedSymbol(text: string): string {
  return text.trim().toUpperCase();
}

/**
 * The latest report of each chart tab, and the one frame in it that is our overlay (tab → frameId, as
 * the tab's content script reported it). A stopped worker forgets both; the tab is asked again.
 */
export function createChartTabs(
  enabledSites: () => Promise<ReadonlySet<SiteId>> = () => Promise.resolve(TRADINGVIEW_ONLY),
) {
  const reports = new Map<number, ChartReport>();
  const frames = new Map<number, FrameBinding>();
  /** The symbol the trader typed to confirm a one-source site's reading, per tab, while it still shows. */
  const confirmations = new Map<number, string>();
  const store = (tabId: number, raw: ChartReport, site: SiteId): ChartReport => {
    // A confirmation is for the symbol it named: the page showing another one ends it.
    const confirmed = confirmations.get(tabId);
    if (confirmed !== undefined && raw.symbol !== null && raw.symbol !== confirmed)
      confirmations.delete(tabId);
    const report = judgedReport(raw, site, confirmations.get(tabId));
    reports.set(tabId, report);
    return report;
  };
  return {
    set(tabId: number, report: ChartReport, site: SiteId = 'tradingview'): boolean {
      const before = reports.get(tabId);
      const after = store(tabId, report, site);
      return JSON.stringify(before) !== JSON.stringify(after);
    },
    /**
     * The trader typed the symbol a one-source site shows: from now on, that tab's reading of that
     * symbol counts as ready. Refused (with why) when nothing waits for confirmation or the symbol differs.
     */
    confirm(tabId: number, typed: string): ChartReport {
      const report = reports.get(tabId);
      if (report?.state !== 'unconfirmed' || report.symbol === null)
        throw new Error(words('chartNothingToConfirm'));
      const symbol = typedSymbol(typed);
      if (symbol !== report.symbol)
        throw new Error(
          symbol === ''
            ? words('chartTypedNothing', report.symbol)
            : words('chartTypedOther', symbol.slice(0, 32), report.symbol),
        );
      confirmations.set(tabId, symbol);
      return store(tabId, report, report.site ?? 'tradingview');
    },
    /** A site was switched off: its tabs' reports, frames and confirmations are forgotten (those tabs returned). */
    forgetSites(enabled: ReadonlySet<SiteId>): number[] {
      const gone: number[] = [];
      for (const [tabId, report] of reports) {
        if (!enabled.has(report.site ?? 'tradingview')) {
          reports.delete(tabId);
          frames.delete(tabId);
          confirmations.delete(tabId);
          gone.push(tabId);
        }
      }
      return gone;
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
      confirmations.delete(tabId);
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
     * shows a chart page (https, TradingView's /chart/ or a site switched on): anything else answering
     * in frame 0 is not asked.
     * Null when the tab has no chart.
     */
    async reread(tabId: number): Promise<RereadReply | null> {
      try {
        const message: RereadMessage = { type: 'chart.reread' };
        // Side by side: the URL check costs no extra wait on the click path.
        const [tab, answer, enabled] = await Promise.all([
          browser.tabs.get(tabId),
          browser.tabs.sendMessage(tabId, message, { frameId: 0 }),
          enabledSites(),
        ]);
        const site = chartSiteOf(tab.url, enabled);
        if (site === null) return null;
        const parsed = rereadReplySchema.safeParse(answer);
        if (!parsed.success) return null;
        const report = store(tabId, parsed.data.report, site);
        frames.set(tabId, { frameId: parsed.data.frameId, frameKey: parsed.data.frameKey });
        return { ...parsed.data, report };
      } catch {
        return null;
      }
    },
  };
}

export type ChartTabs = ReturnType<typeof createChartTabs>;
