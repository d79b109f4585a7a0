import { type Signal, signal } from '@preact/signals';
import { createOrderSender, type OrderSender } from '../../components/order-sender';
import { LAYOUT_SETTLE_MS, type LayoutWatch, watchLayout } from '../../components/steady-layout';
import { connectViewState, type ViewConnection } from '../../components/use-view-state';
import type { JournalEntry, Mode, ReplyMap, Request, ViewState } from '../../lib/messaging/protocol';
import { ask as askBackground } from '../../lib/messaging/send';
import { words } from '../../lib/words';

export type PopupTab = 'trade' | 'custom' | 'journal';
export type JournalFilter = 'all' | Mode;

/** How the popup reaches the background; tests pass their own. */
export type Ask = <R extends Request>(request: R) => Promise<ReplyMap[R['type']]>;

export interface PopupState {
  connection: ViewConnection;
  sender: OrderSender;
  ask: Ask;
  tab: Signal<PopupTab>;
  refreshing: Signal<boolean>;
  /** What the last refresh or journal read failed with, in words. */
  notice: Signal<string | null>;
  journal: Signal<JournalEntry[] | null>;
  journalError: Signal<string | null>;
  journalFilter: Signal<JournalFilter>;
  /** When the popup's rows last moved: a click that soon after sends nothing (steady-layout.ts). */
  layout: LayoutWatch;
  settleMs: number;
}

export interface PopupDeps {
  connection?: ViewConnection;
  ask?: Ask;
  /** What the layout watch observes: the popup's whole document unless a test mounts elsewhere. */
  layoutRoot?: Element;
  /** Tests of other behaviour click at once after drawing; the settle rule has its own tests. */
  settleMs?: number;
  clock?: () => number;
}

/** Everything the popup shows and does, as signals, so the UI is a plain function of them. */
export function createPopupState(deps: PopupDeps = {}): PopupState {
  const connection = deps.connection ?? connectViewState();
  const ask: Ask = deps.ask ?? askBackground;
  const sender = createOrderSender({
    from: 'popup',
    // Read at click time: an order in Live asks first unless the trader turned on one-click.
    needsConfirmation: () => {
      const state = connection.state.value;
      return state === null || (state.mode === 'live' && !state.settings.oneClickLive);
    },
    place: (request) => ask(request),
    check: (request) => ask(request),
  });
  return {
    connection,
    sender,
    ask,
    tab: signal<PopupTab>('trade'),
    refreshing: signal(false),
    notice: signal<string | null>(null),
    journal: signal<JournalEntry[] | null>(null),
    journalError: signal<string | null>(null),
    journalFilter: signal<JournalFilter>('all'),
    layout: watchLayout(deps.layoutRoot ?? document.body, deps.clock),
    settleMs: deps.settleMs ?? LAYOUT_SETTLE_MS,
  };
}

/**
 * Why order buttons are off at `now`, or null. The background refuses these anyway; greying the
 * buttons tells the trader before they click.
 */
export function disabledReason(state: ViewState | null, fromBackground: boolean, now: number): string | null {
  if (!state) return words('viewLoading');
  // Drawn from the stored cache: bots, trades and the mode may have changed since it was saved.
  if (!fromBackground) return words('popupWaitingForLive');
  if (state.budget.blockedUntil !== null && state.budget.blockedUntil > now) {
    return words('rateLimitedUntilCountdown');
  }
  if (state.mode === 'live' && !state.hasSecret) {
    return words('liveNeedsSecretOpenSettings');
  }
  return null;
}
