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
  title: 'Chart title',
  symbolButton: 'Symbol button',
  legend: 'Legend',
  pane: 'Chart pane',
  canvasLabel: 'Canvas label',
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
  if (name === 'pane') return entry === 'active' ? 'active' : 'inactive';
  if (entry === '') return 'no ticker';
  if (name === 'canvasLabel' && entry === '?') return 'unknown form';
  return entry;
}

/** One line per landmark: `Legend: found (SPY)`, `Symbol button: missing`. */
export function landmarkLines(seen: Landmarks): string[] {
  return LANDMARKS.map((name) => {
    const entries = seen[name];
    if (entries === null) return `${LANDMARK_WORDS[name]}: missing`;
    const count = entries.length > 1 ? ` ×${entries.length}` : '';
    return `${LANDMARK_WORDS[name]}: found${count} (${entries.map((e) => entryWords(name, e)).join(', ')})`;
  });
}

/** The text the trader copies. */
export function diagnosticReport(report: ChartReport, seen: Landmarks, version: string): string {
  return [
    `${words('extName')}, chart reader report`,
    `Extension version: ${version}`,
    `Chart state: ${report.state}`,
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
    return 'unknown';
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
          ? `Not found on this page: ${missing.join(', ').toLowerCase()}`
          : 'What was found on this page'}
      </summary>
      <ul class="diagnostic-list">
        {landmarkLines(seen).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <p class="ct-muted">
        If TradingView changed its page, copy this report (landmarks and tickers only) and send it to us.
      </p>
      <button type="button" class="ct-btn ct-btn--small" onClick={onCopy}>
        Copy report
      </button>
      {copied === 'copied' ? (
        <span class="ct-muted" role="status">
          {' '}
          Copied.
        </span>
      ) : null}
      {copied === 'failed' ? (
        <label class="diagnostic-fallback">
          <span role="status">This page may not copy: select the report and copy it.</span>
          <textarea readOnly rows={7} data-testid="diagnostic-report" value={text} />
        </label>
      ) : null}
    </details>
  );
}
