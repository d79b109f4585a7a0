import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { type ChartReport, LANDMARKS, type Landmark, type Landmarks } from '@/lib/chart/types';
import { words } from '@/lib/words';

/**
 * What the overlay says when it cannot read the chart, or reads it with a landmark missing: which of
 * TradingView's landmarks the content script found and which it did not, and a short report the
 * trader can copy and send when TradingView changes its page. The report holds the landmarks, the
 * tickers they showed and the extension's version: no other page content, never the secret (the
 * overlay never has it).
 */

/** The landmarks in a trader's words (README "Reading the chart"). */
export const LANDMARK_WORDS: Record<Landmark, string> = {
  title: words('diagnosticTitle'),
  symbolButton: words('diagnosticSymbolButton'),
  legend: words('diagnosticLegend'),
  pane: words('diagnosticPane'),
  canvasLabel: words('diagnosticCanvasLabel'),
};

/** Every TradingView markup has these: one missing is worth telling, even while the chart still reads. */
const ALWAYS_THERE: readonly Landmark[] = ['symbolButton', 'legend', 'pane'];
/** A chart still loading after this long is not loading: its title may no longer be readable. */
export const STUCK_MS = 10_000;

/**
 * `open`: the chart can't be read (or a landmark is in an unknown form); `quiet`: it reads, with a
 * landmark missing; null: nothing to say.
 */
export function diagnosticMode(report: ChartReport | null, now: number): 'open' | 'quiet' | null {
  const seen = report?.landmarks;
  if (!report || !seen) return null;
  // Unreadable, or a canvas label in a form the reader does not know: TradingView changed its page.
  if (report.state === 'unreadable' || seen.canvasLabel?.includes('?')) return 'open';
  if (report.state === 'loading' && now - report.changedAt >= STUCK_MS) return 'open';
  return ALWAYS_THERE.some((name) => seen[name] === null) ? 'quiet' : null;
}

function entryWords(name: Landmark, entry: string): string {
  if (name === 'pane') return words(entry === 'active' ? 'diagnosticActive' : 'diagnosticInactive');
  if (entry === '') return words('diagnosticNoTicker');
  if (name === 'canvasLabel' && entry === '?') return words('diagnosticUnknownForm');
  return entry;
}

/** One line per landmark: `Legend: found (SPY)`, `Symbol button: missing`. */
export function landmarkLines(seen: Landmarks): string[] {
  return LANDMARKS.map((name) => {
    const entries = seen[name];
    if (entries === null) return words('diagnosticMissing', LANDMARK_WORDS[name]);
    const count = entries.length > 1 ? ` ×${entries.length}` : '';
    return words(
      'diagnosticFound',
      LANDMARK_WORDS[name],
      count,
      entries.map((e) => entryWords(name, e)).join(', '),
    );
  });
}

/** The text the trader copies. */
export function diagnosticReport(report: ChartReport, seen: Landmarks, version: string): string {
  return [
    words('diagnosticReportTitle', words('extName')),
    words('diagnosticVersion', version),
    words('diagnosticState', report.state),
    ...landmarkLines(seen),
  ].join('\n');
}

/**
 * The overlay is a frame inside TradingView's page, which decides whether it may use the clipboard API;
 * the older copy command still works from a click in most browsers.
 */
async function copyToClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.left = '-9999px';
    document.body.append(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    if (!done) throw new Error('copy refused');
  }
}

function extensionVersion(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return words('journalStatusUnknown');
  }
}

export interface ChartDiagnosticProps {
  report: ChartReport | null;
  /** ms since epoch, to tell a chart stuck loading. */
  now: number;
  /** The extension's version; read from its manifest when not given. */
  version?: string;
  /** Where the report is copied; the page's clipboard when not given. */
  copy?: (text: string) => Promise<void>;
}

export function ChartDiagnostic({ report, now, version, copy }: ChartDiagnosticProps) {
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const mode = diagnosticMode(report, now);
  const seen = report?.landmarks;
  if (mode === null || !report || !seen) return null;
  const missing = LANDMARKS.filter((name) => seen[name] === null).map((name) => LANDMARK_WORDS[name]);
  const text = diagnosticReport(report, seen, version ?? extensionVersion());

  const onCopy = () => {
    (copy ?? copyToClipboard)(text).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };

  return (
    <details class="diagnostic" data-testid="chart-diagnostic" open={mode === 'open'}>
      <summary>
        {missing.length > 0
          ? words('diagnosticNotFound', missing.join(', ').toLowerCase())
          : words('diagnosticWhatFound')}
      </summary>
      <ul class="diagnostic-list">
        {landmarkLines(seen).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p class="ct-muted">{words('diagnosticAsk')}</p>
      <button type="button" class="ct-btn ct-btn--small" onClick={onCopy}>
        {words('diagnosticCopy')}
      </button>
      {copied === 'copied' ? (
        <span class="ct-muted" role="status">
          {' '}
          {words('diagnosticCopied')}
        </span>
      ) : null}
      {copied === 'failed' ? (
        <label class="diagnostic-fallback">
          <span role="status">{words('diagnosticCopyFailed')}</span>
          <textarea readOnly rows={7} data-testid="diagnostic-report" value={text} />
        </label>
      ) : null}
    </details>
  );
}
