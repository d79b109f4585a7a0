import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChartDiagnostic,
  diagnosticMode,
  diagnosticReport,
  landmarkLines,
  STUCK_MS,
} from '@/entrypoints/overlay/chart-diagnostic';
import { readSources } from '@/lib/chart/read-dom';
import { decide } from '@/lib/chart/read-symbol';
import * as S from '@/lib/chart/selectors';
import { type ChartReport, SETTLE_MS } from '@/lib/chart/types';
import { BOTH_MARKUPS, parseDemo } from '../chart/demo-page';

const T0 = 1_700_000_000_000;

/** What the content script reports for the demo page in `markup` once `drop` landmarks are removed. */
function reportFor(markup: (typeof BOTH_MARKUPS)[number], drop: string[] = []): ChartReport {
  const doc = parseDemo(markup);
  for (const selector of drop) for (const el of doc.querySelectorAll(selector)) el.remove();
  return decide({ ...readSources(doc), now: T0 + SETTLE_MS, lastChangeAt: T0 });
}

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

function show(report: ChartReport | null, copy?: (text: string) => Promise<void>, now = T0 + SETTLE_MS) {
  root = document.createElement('div');
  document.body.append(root);
  const into = root;
  act(() => render(<ChartDiagnostic report={report} now={now} version="9.8.7" copy={copy} />, into));
  return into;
}

describe.each(BOTH_MARKUPS)('the chart diagnostic on the %s markup', (markup) => {
  it('says nothing while every landmark a markup always has is there', () => {
    expect(diagnosticMode(reportFor(markup), T0)).toBeNull();
    expect(show(reportFor(markup)).textContent).toBe('');
  });

  it('names a removed symbol button, quietly while the chart still reads', () => {
    const report = reportFor(markup, [S.HEADER_SYMBOL]);
    expect(report.state).toBe('ready');
    expect(diagnosticMode(report, T0)).toBe('quiet');
    const shown = show(report);
    expect(shown.querySelector('summary')?.textContent).toContain('symbol button');
    expect(shown.querySelector('details')?.open).toBe(false);
  });

  it('opens, naming every landmark missing, when the chart cannot be read', () => {
    const report = reportFor(markup, [S.HEADER_SYMBOL, S.LEGEND, S.CANVAS_LABEL]);
    expect(report.state).toBe('unreadable');
    const shown = show(report);
    expect(shown.querySelector('details')?.open).toBe(true);
    expect(shown.querySelector('summary')?.textContent).toBe(
      'Not found on this page: symbol button, legend, canvas label',
    );
    expect([...shown.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Chart title: found (SPY)',
      'Symbol button: missing',
      'Legend: missing',
      'Chart pane: found (active)',
      'Canvas label: missing',
    ]);
  });
});

describe('the chart diagnostic', () => {
  it('copies a short report: landmarks, tickers and the version, nothing else of the page', async () => {
    const copied: string[] = [];
    const report = reportFor('current', [S.HEADER_SYMBOL, S.LEGEND, S.CANVAS_LABEL]);
    const shown = show(report, async (text) => void copied.push(text));
    const button = [...shown.querySelectorAll('button')].find((b) => b.textContent === 'Copy report');
    await act(async () => button?.click());
    expect(copied).toEqual([
      [
        'Options Auto Trader: Chart Trader, chart reader report',
        'Extension version: 9.8.7',
        'Chart state: unreadable',
        'Chart title: found (SPY)',
        'Symbol button: missing',
        'Legend: missing',
        'Chart pane: found (active)',
        'Canvas label: missing',
      ].join('\n'),
    ]);
    expect(shown.textContent).toContain('Copied.');
    // Nothing of the page but tickers: no layout name, price, exchange name or description.
    expect(copied[0]).not.toMatch(/Unnamed|585|NYSE Arca|SPDR/);
  });

  it('shows the report to copy by hand when the page does not let the frame copy', async () => {
    const shown = show(reportFor('legacy', [S.HEADER_SYMBOL, S.LEGEND]), () =>
      Promise.reject(new Error('no')),
    );
    const button = [...shown.querySelectorAll('button')].find((b) => b.textContent === 'Copy report');
    await act(async () => button?.click());
    const area = shown.querySelector<HTMLTextAreaElement>('[data-testid="diagnostic-report"]');
    expect(area?.value).toContain('Symbol button: missing');
    expect(area?.value).toContain('Extension version: 9.8.7');
  });

  it('opens for a canvas label in an unknown form, the page having changed', () => {
    const doc = parseDemo('current');
    doc.querySelector(S.CANVAS_LABEL)?.setAttribute('aria-label', 'Chart for AMEX:SPY');
    const report = decide({ ...readSources(doc), now: T0 + SETTLE_MS, lastChangeAt: T0 });
    expect(report.state).toBe('ambiguous');
    expect(diagnosticMode(report, T0)).toBe('open');
    expect(show(report).textContent).toContain('Canvas label: found (unknown form)');
  });

  it('opens for a chart stuck loading, not for one loading a moment', () => {
    const loading = { ...reportFor('current'), state: 'loading' as const, changedAt: T0 };
    expect(diagnosticMode(loading, T0 + 1000)).toBeNull();
    expect(diagnosticMode(loading, T0 + STUCK_MS)).toBe('open');
  });

  it('says nothing for reports without landmarks (the reader stopped, an older content script)', () => {
    const { landmarks: _dropped, ...without } = reportFor('current', [S.HEADER_SYMBOL]);
    expect(diagnosticMode({ ...without, state: 'unreadable' }, T0)).toBeNull();
    expect(diagnosticMode(null, T0)).toBeNull();
  });

  it('words several entries, descriptions and unknown labels', () => {
    expect(
      landmarkLines({
        title: ['SPY'],
        symbolButton: [''],
        legend: ['SPY', ''],
        pane: ['', 'active'],
        canvasLabel: ['?'],
      }),
    ).toEqual([
      'Chart title: found (SPY)',
      'Symbol button: found (no ticker)',
      'Legend: found ×2 (SPY, no ticker)',
      'Chart pane: found ×2 (inactive, active)',
      'Canvas label: found (unknown form)',
    ]);
    const report = reportFor('current');
    expect(diagnosticReport(report, report.landmarks ?? landmarksMissing(), '1')).toContain(
      'Chart state: ready',
    );
  });
});

function landmarksMissing() {
  return { title: null, symbolButton: null, legend: null, pane: null, canvasLabel: null };
}
