import { type ReadonlySignal, signal } from '@preact/signals';
import { orderKey } from '@/lib/messaging/protocol';
import { MAYBE_PLACED, withMaybePlaced } from '../lib/api/outcome-words';
import type { Order } from '../lib/api/types';
import type { OrderCheck, OrderReply, OrderSource, Request } from '../lib/messaging/protocol';
import { ask } from '../lib/messaging/send';
import { words } from '../lib/words';

export type PlaceOrderRequest = Extract<Request, { type: 'order.place' }>;
export type CheckOrderRequest = Extract<Request, { type: 'order.check' }>;

/** Why the view is asking the trader before (or again before) sending. */
export type ConfirmReason = 'live' | 'repeat' | 'confirm';

export interface PendingConfirmation {
  order: Order;
  reason: ConfirmReason;
  /** The background's words when it asked (e.g. "the same order was sent seconds ago"). */
  note: string | null;
  /** The guard state the trader is confirming against: if it changed meanwhile, the background asks again. */
  guardToken?: string;
}

/** What came of the last order a trader sent from this view. */
export type OrderResult =
  | { order: Order; at: number; reply: OrderReply }
  /** The extension itself failed to answer: nothing is known about the order. */
  | { order: Order; at: number; failure: string }
  | { order: Order; at: number; cancelled: true };

export interface OrderSenderOptions {
  from: OrderSource;
  /** True when an order needs the trader's confirmation first (Live, one-click off). Read at click time. */
  needsConfirmation: () => boolean;
  /** The underlying the overlay shows, re-checked by the background against the chart. */
  chartSymbol?: () => string | undefined;
  /** How to reach the background; tests pass their own. */
  place?: (request: PlaceOrderRequest) => Promise<OrderReply>;
  /** Asks the background what would hold an order before a confirmation is shown; tests pass their own. */
  check?: (request: CheckOrderRequest) => Promise<OrderCheck>;
  /** After this long without an answer the view stops waiting and says the outcome is unknown. */
  answerTimeoutMs?: number;
}

export interface OrderSender {
  /** Keys (`orderKey`) of orders this view has sent and is waiting on. */
  pending: ReadonlySignal<ReadonlySet<string>>;
  /** The confirmation on screen, if any. */
  confirmation: ReadonlySignal<PendingConfirmation | null>;
  result: ReadonlySignal<OrderResult | null>;
  /** The trader clicked an order button. Ignored while the same order is pending or a confirmation is open. */
  send(order: Order): Promise<void>;
  /** The trader confirmed the open confirmation. */
  confirm(): Promise<void>;
  cancel(): void;
  /** Whether an order's button should be disabled, given the background's in-flight keys. */
  isBusy(order: Order, inFlight: readonly string[]): boolean;
  clearResult(): void;
}

export const NO_ANSWER_MESSAGE = `${words('orderNoAnswer')} ${MAYBE_PLACED}`;

/**
 * One place that turns a click into at most one `order.place` message: it never retries, never
 * queues, and lets a second click on the same order do nothing while the first is in flight.
 */
export function createOrderSender(options: OrderSenderOptions): OrderSender {
  const place = options.place ?? ((request: PlaceOrderRequest) => ask(request));
  const check = options.check ?? ((request: CheckOrderRequest) => ask(request));
  const timeoutMs = options.answerTimeoutMs ?? 45_000;
  const pending = signal<ReadonlySet<string>>(new Set());
  const confirmation = signal<PendingConfirmation | null>(null);
  const result = signal<OrderResult | null>(null);

  const setPending = (key: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(key);
    else next.delete(key);
    pending.value = next;
  };

  async function dispatch(order: Order, confirmed: boolean, guardToken?: string): Promise<void> {
    const key = orderKey(order);
    // Marked before the first await, so a second click in the same tick already sees it.
    setPending(key, true);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const noAnswer = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const chartSymbol = options.chartSymbol?.();
      const request: PlaceOrderRequest = { type: 'order.place', order, from: options.from, confirmed };
      if (chartSymbol !== undefined) request.chartSymbol = chartSymbol;
      if (confirmed && guardToken !== undefined) request.guardToken = guardToken;
      const reply = await Promise.race([place(request), noAnswer]);
      if (reply === 'timeout') {
        result.value = { order, at: Date.now(), failure: NO_ANSWER_MESSAGE };
        return;
      }
      if (
        reply.status === 'held' &&
        (reply.reason === 'repeat' || reply.reason === 'confirm') &&
        (!confirmed || reply.reason === 'repeat')
      ) {
        // Asked again after a confirmation too: the same order went out from elsewhere meanwhile.
        confirmation.value = {
          order,
          reason: reply.reason,
          note: reply.message,
          guardToken: reply.guardToken,
        };
        return;
      }
      result.value = { order, at: Date.now(), reply };
    } catch (error) {
      result.value = {
        order,
        at: Date.now(),
        failure: withMaybePlaced(error instanceof Error ? error.message : String(error)),
      };
    } finally {
      clearTimeout(timer);
      setPending(key, false);
    }
  }

  return {
    pending,
    confirmation,
    result,
    async send(order) {
      if (pending.value.has(orderKey(order)) || confirmation.value) return;
      if (options.needsConfirmation()) {
        // Ask first what would hold it, so the confirmation says so ("sent 3 s ago", "outcome
        // unknown last time") and an order the budget or chart would refuse is not confirmed for nothing.
        const key = orderKey(order);
        setPending(key, true);
        let verdict: OrderCheck | null = null;
        try {
          const request: CheckOrderRequest = {
            type: 'order.check',
            order,
            from: options.from,
            confirmed: false,
          };
          const chartSymbol = options.chartSymbol?.();
          if (chartSymbol !== undefined) request.chartSymbol = chartSymbol;
          verdict = await check(request);
        } catch {
          // The check is advice only: without it the trader still confirms before anything is sent.
        } finally {
          setPending(key, false);
        }
        if (confirmation.value) return;
        if (verdict?.status === 'held' && verdict.reason === 'repeat') {
          confirmation.value = {
            order,
            reason: 'repeat',
            note: verdict.message,
            guardToken: verdict.guardToken,
          };
        } else if (verdict?.status === 'held') {
          result.value = { order, at: Date.now(), reply: verdict };
        } else {
          confirmation.value = { order, reason: 'live', note: null, guardToken: verdict?.guardToken };
        }
        return;
      }
      await dispatch(order, false);
    },
    async confirm() {
      const open = confirmation.value;
      if (!open || pending.value.has(orderKey(open.order))) return;
      // Closed before sending, so a second press of Confirm finds nothing to confirm.
      confirmation.value = null;
      await dispatch(open.order, true, open.guardToken);
    },
    cancel() {
      const open = confirmation.value;
      if (!open) return;
      confirmation.value = null;
      result.value = { order: open.order, at: Date.now(), cancelled: true };
    },
    isBusy(order, inFlight) {
      const key = orderKey(order);
      return pending.value.has(key) || inFlight.includes(key);
    },
    clearResult() {
      result.value = null;
    },
  };
}
