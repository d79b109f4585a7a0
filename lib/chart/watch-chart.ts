import { findHeader, readSources } from './read-dom';
import { decide, readingKey, sameReport, tickerFromTitle } from './read-symbol';
import { CANVAS_LABEL, CHART_CONTAINER, LEGEND, LEGEND_EXCHANGE, LEGEND_SOURCE_TITLE } from './selectors';
import { type ChartReport, SETTLE_MS } from './types';

/**
 * Follows the chart's symbol with MutationObservers only: nothing runs while the page is still, and a
 * price tick in the title costs one parse of the title. The background is told only when the decided
 * report changes.
 *
 * The trader's symbol map lives in the background, which never hands settings to a page context; so
 * this only says which symbol the chart surely shows, and the background judges whether it can be
 * traded, mapping applied (lib/chart/underlying.ts, applySymbolMap).
 */

export interface ChartWatcherOptions {
  doc: Document;
  send: (report: ChartReport) => void;
}

export interface ChartWatcher {
  /** Read everything now, tell the background if it changed, and return the fresh report (click time). */
  reread(): ChartReport;
  /** Look for replaced headers, legends and panes (after in-page navigation). */
  rescan(): void;
  stop(): void;
  /** How much work the page made us do; lets tests prove a price tick is cheap. */
  readonly counters: { titleChecks: number; reads: number; sends: number };
}

/** While the report keeps changing (a page flooding changes), the background hears at most this often. */
const MIN_SEND_GAP_MS = 100;
/** Structural changes come in bursts; look for new landmarks once the burst has passed. */
const RESCAN_DELAY_MS = 50;

const LEGEND_TITLE_PARTS = `${LEGEND_EXCHANGE},${LEGEND_SOURCE_TITLE}`;

function elementOf(node: Node): Element | null {
  return node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
}

function hasElement(nodes: NodeList): boolean {
  for (const node of nodes) if (node.nodeType === Node.ELEMENT_NODE) return true;
  return false;
}

/** Legends also show live OHLC values; only changes to the title, the exchange or the structure matter. */
function touchesSymbol(record: MutationRecord, header: Element | null): boolean {
  if (record.type === 'attributes') return true;
  const el = elementOf(record.target);
  if (!el) return false;
  if (header?.contains(el)) return true;
  if (el.closest(LEGEND_TITLE_PARTS)) return true;
  return record.type === 'childList' && (hasElement(record.addedNodes) || hasElement(record.removedNodes));
}

export function watchChart({ doc, send }: ChartWatcherOptions): ChartWatcher {
  const counters = { titleChecks: 0, reads: 0, sends: 0 };
  let lastKey: string | null = null;
  let lastChangeAt = Date.now();
  let lastTitleTicker: string | null = null;
  let lastTheme: string | null = null;
  let sent: ChartReport | null = null;
  let sentAt = 0;
  let pendingSend: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let settleDue = 0;
  let rescanTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let watched: Element[] = [];

  const flush = (report: ChartReport) => {
    pendingSend = undefined;
    if (stopped || sameReport(report, sent)) return;
    sent = report;
    sentAt = Date.now();
    counters.sends++;
    send(report);
  };

  const publish = (report: ChartReport) => {
    if (sameReport(report, sent)) return;
    // A ready report must be withdrawn at once; anything else may wait for the gap.
    if (sent?.state === 'ready' || Date.now() - sentAt >= MIN_SEND_GAP_MS) {
      if (pendingSend !== undefined) clearTimeout(pendingSend);
      flush(report);
      return;
    }
    if (pendingSend !== undefined) clearTimeout(pendingSend);
    pendingSend = setTimeout(() => flush(evaluate(false)), sentAt + MIN_SEND_GAP_MS - Date.now());
  };

  const evaluate = (tell = true): ChartReport => {
    counters.reads++;
    const reading = readSources(doc);
    const now = Date.now();
    const key = readingKey(reading);
    if (key !== lastKey) {
      lastKey = key;
      lastChangeAt = now;
    }
    lastTitleTicker = tickerFromTitle(reading.title);
    lastTheme = reading.theme;
    const report = decide({ ...reading, now, lastChangeAt });
    if (report.state === 'settling') {
      // One timer: the moment this settling report turns into ready (or ambiguous).
      const due = report.changedAt + SETTLE_MS;
      if (settleTimer === undefined || due !== settleDue) {
        if (settleTimer !== undefined) clearTimeout(settleTimer);
        settleDue = due;
        settleTimer = setTimeout(
          () => {
            settleTimer = undefined;
            if (!stopped) evaluate();
          },
          Math.max(0, due - now) + 1,
        );
      }
    }
    if (tell) publish(report);
    return report;
  };

  // <head> holds <title>: this sees the title replaced or retitled. Price ticks stop at the comparison.
  const titleObserver = new MutationObserver(() => {
    counters.titleChecks++;
    if (tickerFromTitle(doc.title) !== lastTitleTicker) evaluate();
  });

  const themeObserver = new MutationObserver(() => {
    const dark = doc.documentElement.classList.contains('theme-dark') ? 'dark' : 'light';
    if (dark !== lastTheme) evaluate();
  });

  const sourceObserver = new MutationObserver((records) => {
    const header = findHeader(doc);
    if (records.some((r) => touchesSymbol(r, header))) evaluate();
  });

  const attach = () => {
    const header = findHeader(doc);
    const all = (selector: string) => Array.from(doc.querySelectorAll(selector));
    const legends = all(LEGEND);
    const panes = all(CHART_CONTAINER);
    const canvases = all(CANVAS_LABEL);
    const targets = [...(header ? [header] : []), ...legends, ...panes, ...canvases];
    if (targets.length === watched.length && targets.every((t, i) => t === watched[i])) return false;
    sourceObserver.disconnect();
    for (const el of header ? [header, ...legends] : legends) {
      sourceObserver.observe(el, { childList: true, subtree: true, characterData: true });
    }
    // The active pane moves when the trader clicks another chart of the layout.
    for (const pane of panes) sourceObserver.observe(pane, { attributes: true, attributeFilter: ['class'] });
    // A canvas keeps its element across a symbol switch; its label follows (sometimes late).
    for (const canvas of canvases) {
      sourceObserver.observe(canvas, { attributes: true, attributeFilter: ['aria-label'] });
    }
    watched = targets;
    return true;
  };

  const rescan = () => {
    rescanTimer = undefined;
    if (stopped) return;
    if (attach()) evaluate();
  };

  // Headers, legends and panes get replaced wholesale on layout and symbol changes: re-attach then.
  const structureObserver = new MutationObserver((records) => {
    if (rescanTimer !== undefined) return;
    if (records.some((r) => hasElement(r.addedNodes) || hasElement(r.removedNodes)))
      rescanTimer = setTimeout(rescan, RESCAN_DELAY_MS);
  });

  if (doc.head) titleObserver.observe(doc.head, { childList: true, subtree: true, characterData: true });
  themeObserver.observe(doc.documentElement, { attributes: true, attributeFilter: ['class'] });
  structureObserver.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  attach();
  evaluate();

  return {
    counters,
    reread: () => evaluate(),
    rescan: () => {
      attach();
      evaluate();
    },
    stop() {
      stopped = true;
      for (const o of [titleObserver, themeObserver, sourceObserver, structureObserver]) o.disconnect();
      for (const t of [pendingSend, settleTimer, rescanTimer]) if (t !== undefined) clearTimeout(t);
    },
  };
}
