import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEGEND_SERIES_ITEM } from '@/lib/chart/selectors';
import { type ChartReport, SETTLE_MS } from '@/lib/chart/types';
import { type ChartWatcher, watchChart } from '@/lib/chart/watch-chart';
import {
  addSecondPane,
  BOTH_MARKUPS,
  loadDemoIntoDocument,
  setHeader,
  setLabel,
  setLegend,
} from './demo-page';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);

let sent: ChartReport[];
let watcher: ChartWatcher | undefined;

/** Let MutationObserver callbacks (microtasks) and due timers run. */
async function settle(ms = 0): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

function start(): ChartWatcher {
  watcher = watchChart({ doc: document, send: (r) => sent.push(r) });
  return watcher;
}

function last(): ChartReport | undefined {
  return sent[sent.length - 1];
}

afterEach(() => {
  watcher?.stop();
  watcher = undefined;
  vi.useRealTimers();
});

describe.each(BOTH_MARKUPS)('watchChart on the %s markup', (markup) => {
  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    loadDemoIntoDocument(markup);
    sent = [];
  });

  it('reports settling at once, then ready exactly SETTLE_MS later', async () => {
    start();
    expect(sent).toHaveLength(1);
    expect(last()).toMatchObject({ state: 'settling', symbol: 'SPY', changedAt: T0 });
    await settle(SETTLE_MS - 1);
    expect(sent).toHaveLength(1);
    await settle(2);
    expect(sent).toHaveLength(2);
    expect(last()).toMatchObject({ state: 'ready', symbol: 'SPY', exchange: 'NYSE Arca', underlying: 'SPY' });
  });

  it('does nothing but one title check per price tick', async () => {
    const w = start();
    await settle(SETTLE_MS + 1);
    const reads = w.counters.reads;
    const sends = w.counters.sends;
    for (let i = 0; i < 20; i++) {
      document.title = `SPY ${(585 + i / 100).toFixed(2)} ▲ +0.41% Unnamed`;
      await settle(0);
    }
    expect(w.counters.titleChecks).toBeGreaterThanOrEqual(20);
    expect(w.counters.reads).toBe(reads);
    expect(w.counters.sends).toBe(sends);
    expect(sent).toHaveLength(2);
  });

  it('ignores the legend values ticking', async () => {
    const w = start();
    await settle(SETTLE_MS + 1);
    const reads = w.counters.reads;
    for (const b of document.querySelectorAll('[data-name="legend-values"] b')) b.textContent = '1.00';
    await settle(0);
    expect(w.counters.reads).toBe(reads);
  });

  it('withdraws ready at once on a switch and waits for the legend to catch up', async () => {
    start();
    await settle(SETTLE_MS + 1);
    expect(last()?.state).toBe('ready');
    const before = sent.length;

    // Title and button first…
    setHeader(document, 'SPX');
    document.title = 'SPX 5912.40 ▲ +0.12% Unnamed';
    await settle(0);
    expect(sent.length).toBeGreaterThan(before);
    expect(last()?.state).toBe('settling');

    // …the legend (and the canvas label) 300 ms later.
    await settle(300);
    setLegend(document, 'SPX', 'CBOE');
    setLabel(document, 'SP:SPX');
    await settle(0);
    expect(last()?.state).toBe('settling');
    await settle(SETTLE_MS + 1);
    expect(last()).toMatchObject({ state: 'ready', symbol: 'SPX', exchange: 'CBOE', underlying: 'SPX' });
    // Never ready for SPX with SPY's exchange, never ready for SPY once the switch began.
    const afterSwitch = sent.slice(before);
    expect(afterSwitch.filter((r) => r.state === 'ready')).toHaveLength(1);
  });

  it('calls a legend that never catches up ambiguous', async () => {
    start();
    await settle(SETTLE_MS + 1);
    setHeader(document, 'QQQ');
    document.title = 'QQQ 512.30 ▲ +0.1% Unnamed';
    await settle(SETTLE_MS + 1);
    expect(last()).toMatchObject({ state: 'ambiguous', symbol: null });
  });

  it('goes loading while the title is generic', async () => {
    start();
    await settle(SETTLE_MS + 1);
    document.title = 'Live stock, index, futures, Forex and Bitcoin charts on TradingView';
    await settle(0);
    expect(last()?.state).toBe('loading');
  });

  it('follows a legend replaced wholesale', async () => {
    const w = start();
    await settle(SETTLE_MS + 1);
    const item = document.querySelector(LEGEND_SERIES_ITEM);
    const fresh = item?.cloneNode(true) as Element;
    item?.replaceWith(fresh);
    await settle(100);
    // The new node is observed: a change inside it is read.
    const reads = w.counters.reads;
    setLegend(fresh, 'SPY', 'AMEX');
    await settle(0);
    expect(w.counters.reads).toBeGreaterThan(reads);
    expect(last()).toMatchObject({ state: 'settling', exchange: 'AMEX' });
  });

  it('follows a symbol button replaced wholesale', async () => {
    start();
    await settle(SETTLE_MS + 1);
    const old = document.querySelector('[data-demo="symbol-button"]');
    const fresh = old?.cloneNode(true) as Element;
    old?.replaceWith(fresh);
    await settle(100);
    setHeader(document, 'QQQ');
    await settle(0);
    expect(last()?.state).toBe('settling');
    await settle(SETTLE_MS + 1);
    expect(last()?.state).toBe('ambiguous');
  });

  it('is ambiguous in two panes until one is active, and follows the active pane', async () => {
    const second = addSecondPane(document, 'QQQ', 'NASDAQ', 'NASDAQ:QQQ');
    const first = document.querySelector('[data-pane]');
    first?.classList.remove('active');
    start();
    await settle(SETTLE_MS + 1);
    expect(last()?.state).toBe('ambiguous');

    // The trader clicks the second pane: title and button follow it.
    second.classList.add('active');
    setHeader(document, 'QQQ');
    document.title = 'QQQ 512.30 ▲ +0.1% Unnamed';
    await settle(SETTLE_MS + 1);
    expect(last()).toMatchObject({ state: 'ready', symbol: 'QQQ', exchange: 'NASDAQ' });
  });

  it.runIf(markup === 'current')(
    'follows a canvas label that lags the switch, and only then is ready',
    async () => {
      start();
      await settle(SETTLE_MS + 1);
      setHeader(document, 'QQQ');
      document.title = 'QQQ 512.30 ▲ +0.1% Unnamed';
      setLegend(document, 'QQQ', 'NASDAQ');
      await settle(SETTLE_MS + 1);
      // The canvas still says SPY: refused, never ready for QQQ on the legend and title alone.
      expect(last()).toMatchObject({ state: 'ambiguous', symbol: null });
      setLabel(document, 'NASDAQ:QQQ');
      // Within the 100 ms send gap of the last report.
      await settle(100);
      expect(last()?.state).toBe('settling');
      await settle(SETTLE_MS + 1);
      expect(last()).toMatchObject({ state: 'ready', symbol: 'QQQ', exchange: 'NASDAQ' });
    },
  );

  it('reports a landmark that goes missing, though the chart still reads', async () => {
    start();
    await settle(SETTLE_MS + 1);
    document.querySelector('[data-demo="symbol-button"]')?.remove();
    await settle(100);
    await settle(SETTLE_MS + 1);
    expect(last()).toMatchObject({ state: 'ready', landmarks: { symbolButton: null, legend: ['SPY'] } });
  });

  it('reports the theme as it changes', async () => {
    start();
    await settle(SETTLE_MS + 1);
    document.documentElement.className = 'theme-dark';
    await settle(0);
    expect(last()).toMatchObject({ state: 'ready', theme: 'dark' });
  });

  it('answers a re-read with a fresh report', async () => {
    const w = start();
    await settle(SETTLE_MS + 1);
    expect(w.reread()).toMatchObject({ state: 'ready', symbol: 'SPY' });
  });

  it('tells the background at most every 100 ms while a page floods symbol changes', async () => {
    const w = start();
    await settle(SETTLE_MS + 1);
    const sends = w.counters.sends;
    for (let i = 0; i < 200; i++) {
      document.title = `${i % 2 ? 'QQQ' : 'SPY'} 1.0${i} 0% Unnamed`;
      await settle(1);
    }
    // 200 ms of flooding: the withdrawal at once, then one per 100 ms gap.
    expect(w.counters.sends - sends).toBeLessThanOrEqual(4);
    expect(sent.slice(sends).every((r) => r.state !== 'ready')).toBe(true);
    // The page stops on SPY, which the button and legend show too.
    document.title = 'SPY 585.12 ▲ +0.41% Unnamed';
    await settle(SETTLE_MS + 200);
    expect(last()).toMatchObject({ state: 'ready', symbol: 'SPY' });
  });

  it('sends nothing after stop', async () => {
    const w = start();
    w.stop();
    const count = sent.length;
    document.title = 'QQQ 512.30 ▲ +0.1% Unnamed';
    await settle(SETTLE_MS * 2);
    expect(sent).toHaveLength(count);
  });
});
