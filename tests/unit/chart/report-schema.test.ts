import { describe, expect, it } from 'vitest';
import { readSources } from '@/lib/chart/read-dom';
import { decide } from '@/lib/chart/read-symbol';
import { type ChartReport, MAX_LANDMARK_ENTRIES, SETTLE_MS } from '@/lib/chart/types';
import { chartReportSchema } from '@/lib/messaging/schemas';
import { addSecondPane, BOTH_MARKUPS, parseDemo } from './demo-page';

/** The background parses every chart.report: what the content script sends must pass, whatever the page. */
describe('chart reports through the protocol schema', () => {
  it.each(BOTH_MARKUPS)('passes the %s markup, landmarks and all', (markup) => {
    const doc = parseDemo(markup);
    addSecondPane(doc, 'QQQ', 'NASDAQ', 'NASDAQ:QQQ');
    const report = decide({ ...readSources(doc), now: SETTLE_MS, lastChangeAt: 0 });
    expect(chartReportSchema.parse(report)).toEqual(report);
  });

  it('passes a page that fakes many panes and long tickers, cut to the limits', () => {
    const doc = parseDemo('current');
    for (let i = 0; i < 40; i++) addSecondPane(doc, 'X'.repeat(100), 'Y'.repeat(100), `Z:${'Q'.repeat(100)}`);
    const report = decide({ ...readSources(doc), now: SETTLE_MS, lastChangeAt: 0 });
    expect(report.landmarks?.pane).toHaveLength(MAX_LANDMARK_ENTRIES);
    expect(chartReportSchema.safeParse(report).success).toBe(true);
  });

  it('passes reports without landmarks, and refuses oversized ones', () => {
    const bare: ChartReport = {
      symbol: null,
      exchange: null,
      underlying: null,
      state: 'unreadable',
      reason: 'The chart reader stopped: reload the TradingView tab.',
      changedAt: 0,
      theme: 'light',
    };
    expect(chartReportSchema.safeParse(bare).success).toBe(true);
    const seen = { title: null, symbolButton: null, legend: null, pane: null, canvasLabel: null };
    const tooMany = { ...seen, pane: Array.from({ length: MAX_LANDMARK_ENTRIES + 1 }, () => '') };
    expect(chartReportSchema.safeParse({ ...bare, landmarks: tooMany }).success).toBe(false);
    expect(
      chartReportSchema.safeParse({ ...bare, landmarks: { ...seen, title: ['A'.repeat(65)] } }).success,
    ).toBe(false);
    expect(chartReportSchema.safeParse({ ...bare, landmarks: { ...seen, title: 'SPY' } }).success).toBe(
      false,
    );
  });
});
