import { useEffect, useRef, useState } from 'preact/hooks';
import { OrderTicket, type OrderTicketProps, type TicketPrefill } from '../../components/order-ticket';
import type { BotId } from '../../lib/api/types';
import { botsBoundTo } from '../../lib/bots/binding';
import type { ActiveChart, ViewState } from '../../lib/messaging/protocol';
import { words } from '../../lib/words';
import type { Ask } from './state';
import './popup-ticket.css';

/** What the popup knows of the active tab's chart: still asking, the background's answer, or no answer. */
export type ChartReading = { status: 'reading' } | ActiveChart | { status: 'failed' };

const NONE_WORDS = {
  noChart: 'prefillNoChart',
  notSettled: 'prefillNotSettled',
  untradable: 'prefillUntradable',
} as const;

/**
 * The line above the ticket: what it started from (and that every field is the trader's), or why it
 * started empty. `applied`: the ticket holds this reading (the trader had not typed before it came).
 */
export function prefillLine(reading: ChartReading, applied: boolean): string {
  switch (reading.status) {
    case 'reading':
      return words('prefillReading');
    case 'failed':
      return words('prefillNoAnswer');
    case 'none': {
      const line = words(NONE_WORDS[reading.reason]);
      return reading.detail ? `${line} ${reading.detail}` : line;
    }
    case 'ready': {
      const shown = reading.exchange ? `${reading.shown} (${reading.exchange})` : reading.shown;
      if (!applied) return words('prefillOffer', shown);
      if (reading.mapped) return words('prefillMapped', shown, reading.underlying);
      if (reading.price === null) return words('prefillNoPrice', shown);
      return words('prefillReady', shown, String(reading.price));
    }
  }
}

/**
 * The bot chosen first for the active tab's underlying, as the overlay picks it: the one remembered
 * for that symbol, else the default bot, among the bots bound to it; else the first bound to it.
 */
export function preferredBot(view: ViewState, symbol: string): BotId | null {
  const bound = botsBoundTo(view.bots, view.bindings, symbol).map((b) => b.id);
  const remembered = Object.hasOwn(view.settings.botBySymbol, symbol)
    ? view.settings.botBySymbol[symbol]
    : undefined;
  for (const id of [remembered, view.settings.defaultBot])
    if (id !== undefined && id !== null && bound.includes(id)) return id;
  return bound[0] ?? view.settings.defaultBot;
}

export type PopupTicketProps = Omit<
  OrderTicketProps,
  'bots' | 'bindings' | 'chartSymbol' | 'price' | 'defaultBot' | 'prefill'
> & { view: ViewState; ask: Ask };

/**
 * The popup's Custom entry: the order ticket, started from the active tab's chart when the
 * background reads one with certainty (symbol and last price, marked as the chart's), else empty with
 * the reason. Every field stays the trader's and the order goes out as any popup order does; the
 * chart only picks the bots offered and where the fields start.
 */
export function PopupTicket({ view, ask, ...actions }: PopupTicketProps) {
  const [reading, setReading] = useState<ChartReading>({ status: 'reading' });
  const [prefill, setPrefill] = useState<TicketPrefill | undefined>(undefined);
  /** A fresh ticket each time it is filled from the chart. */
  const [fill, setFill] = useState(0);
  /** The trader typed or clicked in the ticket: a late answer then waits for the trader to ask for it. */
  const touched = useRef(false);

  const apply = (chart: Extract<ActiveChart, { status: 'ready' }>) => {
    touched.current = false;
    setPrefill({ symbol: chart.underlying, price: chart.price });
    setFill((n) => n + 1);
  };

  useEffect(() => {
    let shown = true;
    ask({ type: 'chart.active' }).then(
      (answer) => {
        if (!shown) return;
        setReading(answer);
        if (answer.status === 'ready' && !touched.current) apply(answer);
      },
      () => {
        if (shown) setReading({ status: 'failed' });
      },
    );
    return () => {
      shown = false;
    };
  }, [ask]);

  const ready = reading.status === 'ready' ? reading : null;
  const applied =
    ready !== null && prefill?.symbol === ready.underlying && prefill.price === ready.price && fill > 0;
  const touch = () => {
    touched.current = true;
  };
  return (
    <div class="ct-popup-ticket">
      <p
        class={`ct-prefill-line${ready === null && reading.status !== 'reading' ? ' ct-muted' : ''}`}
        role="status"
        data-testid="ticket-prefill"
      >
        {prefillLine(reading, applied)}
        {ready !== null && !applied ? (
          <>
            {' '}
            <button type="button" class="ct-btn ct-btn--small" onClick={() => apply(ready)}>
              {words('prefillUse')}
            </button>
          </>
        ) : null}
      </p>
      <div onInputCapture={touch} onChangeCapture={touch} onClickCapture={touch}>
        <OrderTicket
          key={fill}
          {...actions}
          bots={view.bots}
          bindings={view.bindings}
          prefill={prefill}
          defaultBot={prefill ? preferredBot(view, prefill.symbol) : view.settings.defaultBot}
        />
      </div>
    </div>
  );
}
