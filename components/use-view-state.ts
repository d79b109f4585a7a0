import { type ReadonlySignal, signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { ChartReport } from '../lib/chart/types';
import { VIEW_PORT, type ViewPush, type ViewState } from '../lib/messaging/protocol';
import {
  DEFAULT_SETTINGS,
  modeItem,
  rateBudgetItem,
  readCacheItem,
  settingsItem,
} from '../lib/storage/items';

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

/** A ViewState from what storage holds, for the first paint before the background answers. */
export async function readCachedViewState(now = Date.now()): Promise<ViewState> {
  const [mode, settings, cache, budget] = await Promise.all([
    modeItem.getValue(),
    settingsItem.getValue(),
    readCacheItem.getValue(),
    rateBudgetItem.getValue(),
  ]);
  const merged = { ...DEFAULT_SETTINGS, ...settings };
  // A cache of the other mode's account is never shown: Paper and Live never mix.
  const sameAccount = cache !== null && cache.mode === mode;
  return {
    mode,
    hasSecret: false,
    secretSavedAt: null,
    secretSessionOnly: false,
    user: sameAccount ? cache.user : null,
    bots: sameAccount ? cache.bots : [],
    openTrades: sameAccount ? cache.openTrades : [],
    botsAt: sameAccount ? cache.botsAt : null,
    tradesAt: sameAccount ? cache.tradesAt : null,
    readError: sameAccount ? cache.readError : null,
    budget: {
      share: merged.budgetShare,
      reserve: merged.orderReserve,
      used: (budget?.sent ?? []).filter((t) => t > now - 60_000).length,
      blockedUntil: budget?.blockedUntil ?? null,
    },
    settings: merged,
    inFlight: [],
    notices: [],
  };
}

export interface ConnectOptions {
  /** Reconnect this long after the port drops (the worker was stopped or restarted). */
  reconnectMs?: number;
}

/** Connect to the background's view port; on a drop (MV3 stops idle workers) connect again. */
export function connectViewState(options: ConnectOptions = {}): ViewConnection {
  const state = signal<ViewState | null>(null);
  const live = signal(false);
  const chart = signal<ChartReport | null>(null);
  let closed = false;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;

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
  };
  connect();

  return {
    state,
    live,
    chart,
    close() {
      closed = true;
      clearTimeout(retry);
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
