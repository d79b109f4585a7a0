import type { OrderReply, WindowOrderView } from '@/lib/messaging/protocol';
import { words } from '@/lib/words';

/**
 * Live orders from the overlay where the extension cannot prove the panel was shown as placed when
 * it was clicked (Firefox has no IntersectionObserver v2; in Chrome the click-time frame check
 * failed) are confirmed here: in a window of the extension's own, which no page can frame, cover,
 * restyle or click into. One order waits at a time, under a random single-use id, for a short while;
 * nothing is queued: closed, cancelled or timed out, the order is dropped and the overlay says so.
 */

/** How long the window waits for the trader; then it closes and nothing is sent. Under the overlay's 45 s wait. */
export const CONFIRM_WINDOW_MS = 30_000;

/** How the background opens, closes and raises the window (browser.windows in the worker). */
export interface WindowOpener {
  /** Opens confirm.html for this id; the window and its one tab, or null if none could be opened. */
  open(id: string): Promise<{ windowId: number; tabId: number } | null>;
  close(windowId: number): Promise<void>;
  focus(windowId: number): Promise<void>;
}

/** The confirmation page as the router classified it from the browser's sender fields. */
export interface ConfirmCaller {
  tabId: number;
  windowId: number | null;
}

export const WINDOW_CLOSED = words('confirmClosed');
export const WINDOW_EXPIRED = words('confirmExpired', CONFIRM_WINDOW_MS / 1000);
export const WINDOW_CANCELLED = words('confirmCancelled');
export const WINDOW_BUSY = words('confirmBusy');
export const WINDOW_FAILED = words('confirmFailed');

export interface WindowConfirmDeps<R> {
  now: () => number;
  opener: WindowOpener | undefined;
  /** Sends the confirmed order through the service's usual path (guard → budget → client → journal). */
  place: (request: R) => Promise<OrderReply>;
}

interface Pending<R> {
  id: string;
  /** The order as the overlay sent it, already marked confirmed in the window. */
  request: R;
  view: WindowOrderView;
  windowId: number | null;
  tabId: number | null;
  /** Set once a decision came: the id is used up, whatever happens next. */
  decided: boolean;
  settle: (reply: OrderReply) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

const notSent = (message: string): OrderReply => ({ status: 'held', reason: 'notConfirmed', message });

export function createWindowConfirms<R>({ now, opener, place }: WindowConfirmDeps<R>) {
  let pending: Pending<R> | null = null;

  const finish = (p: Pending<R>, reply: OrderReply): void => {
    clearTimeout(p.timer);
    if (pending === p) pending = null;
    p.settle(reply);
  };
  const closeWindow = (p: Pending<R>): void => {
    if (p.windowId !== null) void opener?.close(p.windowId).catch(() => undefined);
  };
  /** The page asking is the one tab of the window opened for this very order. */
  const isTheWindow = (p: Pending<R>, caller: ConfirmCaller): boolean =>
    p.tabId !== null &&
    caller.tabId === p.tabId &&
    (caller.windowId === null || p.windowId === null || caller.windowId === p.windowId);

  return {
    /**
     * Opens the window for this order and answers the overlay once the trader decides there (the
     * order's own reply), closes it, or the time runs out (nothing sent).
     */
    async ask(request: R, view: Omit<WindowOrderView, 'expiresAt'>): Promise<OrderReply> {
      if (pending !== null) {
        if (pending.windowId !== null) void opener?.focus(pending.windowId).catch(() => undefined);
        return { status: 'held', reason: 'inFlight', message: WINDOW_BUSY };
      }
      if (!opener) return notSent(WINDOW_FAILED);
      const id = crypto.randomUUID();
      let settle: (reply: OrderReply) => void = () => {};
      const outcome = new Promise<OrderReply>((resolve) => {
        settle = resolve;
      });
      const p: Pending<R> = {
        id,
        request,
        view: { ...view, expiresAt: now() + CONFIRM_WINDOW_MS },
        windowId: null,
        tabId: null,
        decided: false,
        settle,
        timer: undefined,
      };
      pending = p;
      p.timer = setTimeout(() => {
        if (p.decided) return;
        finish(p, notSent(WINDOW_EXPIRED));
        closeWindow(p);
      }, CONFIRM_WINDOW_MS);
      const opened = await opener.open(id).catch(() => null);
      if (opened === null) {
        finish(p, notSent(WINDOW_FAILED));
        return outcome;
      }
      p.windowId = opened.windowId;
      p.tabId = opened.tabId;
      // Settled already (timed out while opening): the window has nothing to show.
      if (pending !== p) closeWindow(p);
      return outcome;
    },

    /** What the window shows, for the window itself only; null when its order is no longer waiting. */
    view(id: string, caller: ConfirmCaller): WindowOrderView | null {
      const p = pending;
      if (p === null || p.id !== id || p.decided || !isTheWindow(p, caller)) return null;
      return p.view;
    },

    /** The trader's decision in the window: once per order, from that window only, before it expires. */
    async decide(id: string, confirm: boolean, caller: ConfirmCaller): Promise<OrderReply> {
      const p = pending;
      if (p === null || p.id !== id || p.decided || !isTheWindow(p, caller)) {
        throw new Error(words('confirmNotOpen'));
      }
      p.decided = true;
      clearTimeout(p.timer);
      if (now() > p.view.expiresAt) {
        finish(p, notSent(WINDOW_EXPIRED));
        closeWindow(p);
        return notSent(WINDOW_EXPIRED);
      }
      if (!confirm) {
        finish(p, notSent(WINDOW_CANCELLED));
        closeWindow(p);
        return notSent(WINDOW_CANCELLED);
      }
      let reply: OrderReply;
      try {
        reply = await place(p.request);
      } catch (error) {
        // The service answers, never throws; if it does, the order's fate is not known.
        reply = { status: 'unknown', message: String(error), journalId: '' };
      }
      finish(p, reply);
      closeWindow(p);
      return reply;
    },

    /** A window was closed: if it held the waiting order and no decision came, nothing is sent. */
    closed(windowId: number): void {
      const p = pending;
      if (p === null || p.decided || p.windowId !== windowId) return;
      p.decided = true;
      finish(p, notSent(WINDOW_CLOSED));
    },

    /** Whether an order is waiting in the window (tests). */
    waiting: (): boolean => pending !== null,
  };
}

export type WindowConfirms<R> = ReturnType<typeof createWindowConfirms<R>>;

/** The words the window shows for why this order is confirmed there. */
export const UNPROVEN_NOTE = words('confirmUnproven');
