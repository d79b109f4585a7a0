import { browser } from 'wxt/browser';
import { type ChartReport, SETTLE_MS } from '@/lib/chart/types';
import { chartReportSchema, type RereadMessage } from '@/lib/messaging/protocol';

/**
 * The trader's own mapping applies here, not in the content script (which stays tiny and
 * never reads settings): a continuous future or other chart-only ticker the trader mapped
 * becomes its underlying, and only once the chart has held still for the settle time.
 */
export function applySymbolMap(
  report: ChartReport,
  symbolMap: Record<string, string>,
  now: number,
): ChartReport {
  const mapped = report.symbol
    ? (symbolMap[report.symbol] ?? symbolMap[report.symbol.toUpperCase()])
    : undefined;
  if (!mapped) return report;
  if (report.state === 'unsupported' || report.state === 'ready') {
    const settled = now - report.changedAt >= SETTLE_MS;
    return {
      ...report,
      underlying: settled ? mapped : null,
      state: settled ? 'ready' : 'settling',
      reason: settled ? '' : 'The symbol just changed; waiting for the chart to settle.',
    };
  }
  return report;
}

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
