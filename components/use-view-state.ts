import { type ReadonlySignal, signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ChartReport } from '../lib/chart/types';
import { DEFAULT_SETTINGS, VIEW_PORT, type ViewPush, type ViewState } from '../lib/messaging/protocol';
import { reportVisibility } from '../lib/messaging/visibility';

/**
 * The background's state as a view sees it: drawn from the stored cache at once (no request),
 * then kept live over the view port. The secret itself is never read here.
 */
export interface ViewConnection {
  /** Null only until the cache has been read. */
  state: ReadonlySignal<ViewState | null>;
  /** True once the background itself has pushed a state (the cache may be stale until then). */
  live: ReadonlySignal<boolean>;
  /** The chart of the overlay's own tab, for the overlay. */
  chart: ReadonlySignal<ChartReport | null>;
  close(): void;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Stored data is a boundary: a first paint must not crash on a cache another version left, so
 * anything unexpected is dropped here (the background validates and resets it properly; zod stays
 * out of the views' bundles).
 */
function listOf<T>(value: unknown, ok: (item: Record<string, unknown>) => boolean): T[] {
  return Array.isArray(value) ? (value.filter((item) => isRecord(item) && ok(item)) as T[]) : [];
}

const isBot = (b: Record<string, unknown>) =>
  finite(b.id) && typeof b.name === 'string' && typeof b.strategy === 'string';
const isTrade = (t: Record<string, unknown>) =>
  finite(t.id) &&
  typeof t.symbol === 'string' &&
  typeof t.strategy === 'string' &&
  typeof t.enteredAt === 'string' &&
  finite(t.entryPrice) &&
  finite(t.profitLoss) &&
  finite(t.percentProfitLoss);

/** A ViewState from what storage holds, for the first paint before the background answers. */
export async function readCachedViewState(now = Date.now()): Promise<ViewState> {
  // One storage read by raw key (the items' keys in lib/storage/items.ts), not four: this is the
  // popup's first paint, and every round trip shows.
  const {
    mode: storedMode,
    settings,
    readCache: stored,
    rateBudget: budget,
  }: Record<string, unknown> = await browser.storage.local.get([
    'mode',
    'settings',
    'readCache',
    'rateBudget',
  ]);
  const mode = storedMode === 'live' ? 'live' : 'paper';
  const merged = isRecord(settings) ? { ...DEFAULT_SETTINGS, ...settings } : DEFAULT_SETTINGS;
  const share = finite(merged.budgetShare) ? merged.budgetShare : DEFAULT_SETTINGS.budgetShare;
  const reserve = finite(merged.orderReserve) ? merged.orderReserve : DEFAULT_SETTINGS.orderReserve;
  // A cache of the other mode's account is never shown: Paper and Live never mix.
  const cache: Record<string, unknown> = isRecord(stored) && stored.mode === mode ? stored : {};
  const sent = isRecord(budget) && Array.isArray(budget.sent) ? budget.sent.filter(finite) : [];
  const blockedUntil = isRecord(budget) && finite(budget.blockedUntil) ? budget.blockedUntil : null;
  return {
    mode,
    hasSecret: false,
    secretSavedAt: null,
    secretSessionOnly: false,
    // Bindings come with the background's first answer; until then nothing names an underlying.
    bindings: {},
    user: typeof cache.user === 'string' ? cache.user : null,
    bots: listOf(cache.bots, isBot),
    openTrades: listOf(cache.openTrades, isTrade),
    botsAt: finite(cache.botsAt) ? cache.botsAt : null,
    tradesAt: finite(cache.tradesAt) ? cache.tradesAt : null,
    readError: null,
    budget: {
      share,
      reserve,
      used: sent.filter((t) => t > now - 60_000).length,
      blockedUntil,
    },
    settings: { ...merged, budgetShare: share, orderReserve: reserve },
    inFlight: [],
    notices: [],
  };
}

export interface ConnectOptions {
  /** Reconnect this long after the port drops (the worker was stopped or restarted). */
  reconnectMs?: number;
  /**
   * The state to start from when the view has read its cache itself (the popup's first draw):
   * then nothing is read again here, and null means there was nothing to draw.
   */
  initial?: ViewState | null;
}

/** Connect to the background's view port; on a drop (MV3 stops idle workers) connect again. */
export function connectViewState(options: ConnectOptions = {}): ViewConnection {
  const state = signal<ViewState | null>(null);
  const live = signal(false);
  const chart = signal<ChartReport | null>(null);
  let closed = false;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopReporting = () => {};

  if (options.initial !== undefined) state.value = options.initial;
  else
    readCachedViewState()
      .then((cached) => {
        // The background's push wins over the cache whenever it came first.
        if (!closed && !live.value) state.value = cached;
      })
      .catch((error: unknown) => console.warn('Could not read the cached state', error));

  const connect = () => {
    if (closed) return;
    try {
      port = browser.runtime.connect({ name: VIEW_PORT });
    } catch (error) {
      console.warn('Could not reach the background', error);
      retry = setTimeout(connect, options.reconnectMs ?? 1000);
      return;
    }
    port.onMessage.addListener((message: unknown) => {
      const push = message as ViewPush;
      if (push?.type === 'state') {
        state.value = push.state;
        live.value = true;
      } else if (push?.type === 'chart') {
        chart.value = push.report;
      }
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (!closed) retry = setTimeout(connect, options.reconnectMs ?? 500);
    });
    // Open trades are kept fresh only while some view is on screen: say so now, and at each change.
    const connected = port;
    stopReporting();
    stopReporting = reportVisibility((report) => {
      if (port === connected) connected.postMessage(report);
    });
  };
  connect();

  return {
    state,
    live,
    chart,
    close() {
      closed = true;
      clearTimeout(retry);
      stopReporting();
      port?.disconnect();
      port = null;
    },
  };
}

/** `connectViewState` for a component's lifetime. */
export function useViewState(options?: ConnectOptions): ViewConnection {
  const connection = useMemo(() => connectViewState(options), []);
  useEffect(() => () => connection.close(), [connection]);
  return connection;
}
