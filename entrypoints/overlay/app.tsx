import type { ComponentType } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { BotPicker } from '@/components/bot-row';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { PLACEHOLDER } from '@/components/format';
import { ModeMark } from '@/components/mode-mark';
import { createOrderSender } from '@/components/order-sender';
import { BudgetLine, ResultLine } from '@/components/result-line';
import { entryLabel, entryOffReason, PauseSwitch } from '@/components/risk-controls';
import { TradeList } from '@/components/trade-row';
import { useNow } from '@/components/use-now';
import { orderCall } from '@/lib/api/order-call';
import type { BotId, CloseRule, Order } from '@/lib/api/types';
import { bindingOf, botsBoundTo, suggestedUnderlying } from '@/lib/bots/binding';
import { totalsByBot } from '@/lib/bots/trade-totals';
import type { ChartReport } from '@/lib/chart/types';
import { dropExchange } from '@/lib/chart/underlying';
import type { ViewState } from '@/lib/messaging/protocol';
import { orderKey } from '@/lib/messaging/protocol';
import { words } from '@/lib/words';
import { ChartDiagnostic } from './chart-diagnostic';
import { type ClickGuard, type ClickVerdict, CONFIRM_ARM_MS } from './click-guard';
import type { OverlayClient } from './client';
import { createPanelDrag, type PanelDrag } from './drag';
import {
  CLOSE_CAVEAT,
  closerLabel,
  confirmationRows,
  needsConfirmation,
  pickBot,
  tradesOnSymbol,
  tradingBlock,
} from './rules';
import { SymbolConfirm } from './symbol-confirm';
import type { ChartTicketProps } from './ticket';

/** Where the overlay keeps its collapsed state (per TradingView host). */
export interface CollapsedStore {
  load(): Promise<boolean>;
  save(collapsed: boolean): Promise<void>;
}

export interface OverlayProps {
  client: OverlayClient;
  guard: ClickGuard;
  now: () => number;
  collapsedStore: CollapsedStore;
}

const CLOSE_RULES: CloseRule[] = ['all', 'newest', 'oldest'];

export const CHART_CHANGED = words('overlayChartChanged');

export function Overlay({ client, guard, now, collapsedStore }: OverlayProps) {
  const [view, setView] = useState<ViewState | null>(null);
  const [report, setReport] = useState<ChartReport | null>(null);
  const [collapsed, setCollapsed] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** Set when the background says this is not the panel it placed on the chart: nothing here may act. */
  const [inert, setInert] = useState<string | null>(null);
  const [picked, setPicked] = useState<{ symbol: string; bot: BotId } | null>(null);
  const [binding, setBinding] = useState<string>('');
  /** The order ticket: loaded on first use (it is most of the overlay's code), then kept. */
  const [Ticket, setTicket] = useState<ComponentType<ChartTicketProps> | null>(null);
  const [ticket, setTicketFor] = useState<{ symbol: string; price: number | null } | null>(null);
  const toggled = useRef(false);
  const clock = useNow(5000);

  const block = tradingBlock(report);
  const underlying = block === null ? (report?.underlying ?? null) : null;

  // Read at click time by callbacks that outlive a render.
  const latest = useRef({ view, underlying });
  latest.current = { view, underlying };
  /** The guard's verdict on the user event being dispatched right now; null outside of one. */
  const verdict = useRef<ClickVerdict | null>(null);
  /** The symbol each order was clicked on: a confirmation is only good for that symbol. */
  const clickedOn = useRef(new Map<string, string>());
  const confirmOpenedAt = useRef(0);
  const confirmClosedAt = useRef(Number.NEGATIVE_INFINITY);

  const drag = useMemo(
    () =>
      createPanelDrag({
        // A move that gets lost is made good by the next one (each carries the whole way so far).
        send: (request) => void client.ask(request).catch(() => {}),
        nextFrame: (run) => requestAnimationFrame(run),
        cancelFrame: (id) => cancelAnimationFrame(id),
      }),
    [client],
  );

  const sender = useMemo(() => {
    const created = createOrderSender({
      from: 'overlay',
      needsConfirmation: () => {
        const current = latest.current.view;
        return current === null || needsConfirmation(current.mode, current.settings, guard.needsConfirmation);
      },
      // The symbol shown at the click, not at the answer: the background refuses if the chart moved.
      place: (request) =>
        client.ask({ ...request, chartSymbol: clickedOn.current.get(orderKey(request.order)) }),
      check: (request) =>
        client.ask({ ...request, chartSymbol: clickedOn.current.get(orderKey(request.order)) }),
    });
    let wasOpen = false;
    created.confirmation.subscribe((open) => {
      if (open) confirmOpenedAt.current = now();
      else if (wasOpen) confirmClosedAt.current = now();
      wasOpen = open !== null;
    });
    return created;
  }, [client, guard, now]);

  useEffect(
    () =>
      client.subscribe((push) => {
        if (push.type === 'inert') setInert(push.message);
        else if (push.type === 'state') setView(push.state);
        else setReport(push.report);
      }),
    [client],
  );
  useEffect(() => {
    collapsedStore.load().then(
      (stored) => {
        // A toggle made before storage answered is newer than what storage holds.
        if (!toggled.current) setCollapsed(stored);
      },
      () => {},
    );
  }, [collapsedStore]);
  useEffect(() => {
    document.documentElement.dataset.theme = report?.theme ?? 'light';
  }, [report?.theme]);

  const confirmation = sender.confirmation.value;
  // A confirmation is for the symbol it was clicked on: if the chart moves off it, nothing is sent.
  useEffect(() => {
    if (confirmation && clickedOn.current.get(orderKey(confirmation.order)) !== underlying) {
      sender.cancel();
      setNotice(CHART_CHANGED);
    }
  }, [confirmation, underlying, sender]);

  /** Every order from this page passes here, inside the user event that asked for it. */
  const onOrder = (order: Order): void => {
    const current = verdict.current;
    if (current === null) return;
    if (!current.counts) {
      setNotice(current.message);
      return;
    }
    // The second click of a double click on Confirm or Cancel lands on whatever the panel shows
    // where the dialog was: it must not press that button.
    if (now() - confirmClosedAt.current < CONFIRM_ARM_MS) return;
    const symbol = latest.current.underlying;
    if (symbol === null) return;
    setNotice(null);
    clickedOn.current.set(orderKey(order), symbol);
    void sender.send(order);
  };

  const onConfirm = (): void => {
    const current = verdict.current;
    const open = sender.confirmation.value;
    if (current === null || open === null) return;
    if (!current.counts) {
      setNotice(current.message);
      return;
    }
    // The second click of a double click must not confirm what the first one opened.
    if (now() - confirmOpenedAt.current < CONFIRM_ARM_MS) return;
    if (clickedOn.current.get(orderKey(open.order)) !== latest.current.underlying) {
      sender.cancel();
      setNotice(CHART_CHANGED);
      return;
    }
    void sender.confirm();
  };

  /** Judge each user event once, before any handler inside the panel sees it. */
  const judge = (event: Event): void => {
    verdict.current = guard.check(event);
    // Cleared once the event has been dispatched, so no later call can borrow its verdict.
    setTimeout(() => {
      verdict.current = null;
    }, 0);
  };

  if (inert !== null) {
    return (
      <div class="ct-root overlay">
        <p class="reason" role="status" data-testid="overlay-inert">
          {inert}
        </p>
      </div>
    );
  }

  if (view === null) {
    return (
      <div class="ct-root overlay">
        <header class="bar">
          <span class="ct-muted">{words('overlayConnecting')}</span>
        </header>
      </div>
    );
  }

  const bots = view.bots;
  // Only bots the trader bound to this underlying: the API's enter/{bot} trades the bot's own symbol.
  const boundHere = botsBoundTo(bots, view.bindings, underlying);
  const botId =
    picked !== null && picked.symbol === underlying && boundHere.some((b) => b.id === picked.bot)
      ? picked.bot
      : pickBot(boundHere, view.settings, underlying);
  const trades = tradesOnSymbol(view.openTrades, underlying);
  const isBusy = (order: Order): boolean => sender.isBusy(order, view.inFlight);
  const context = { bots, trades: view.openTrades, bindings: view.bindings };
  const exchange = report?.exchange ?? null;
  /** The chart shows one ticker and a mapping trades another (ES1! → SPY): say which. */
  const mappedTo =
    underlying !== null && report?.symbol && dropExchange(report.symbol) !== underlying ? underlying : null;
  // Bots free to bind here: not bound to any underlying yet, the one whose name names it first.
  const bindable = bots
    .filter((b) => bindingOf(view.bindings, b.id) === null)
    .sort(
      (a, b) =>
        Number(suggestedUnderlying(b.name) === underlying) -
        Number(suggestedUnderlying(a.name) === underlying),
    );
  const bindChoice = bindable.find((b) => String(b.id) === binding)?.id ?? bindable[0]?.id ?? null;

  const bindHere = (bot: BotId, symbol: string): void => {
    const current = verdict.current;
    if (current !== null && !current.counts) {
      setNotice(current.message);
      return;
    }
    client
      .ask({ type: 'bindings.set', bot, binding: { kind: 'symbol', underlying: symbol } })
      .then(setView, (error: unknown) => setNotice(words('overlayBindFailed', String(error))));
  };

  const confirmSymbol = (typed: string): void => {
    const current = verdict.current;
    if (current !== null && !current.counts) {
      setNotice(current.message);
      return;
    }
    client.ask({ type: 'chart.confirm', symbol: typed.slice(0, 40) }).then(
      () => setNotice(null),
      (error: unknown) => setNotice(String(error instanceof Error ? error.message : error)),
    );
  };

  const openTicket = (): void => {
    if (underlying === null) return;
    const symbol = underlying;
    sender.cancel();
    setTicketFor({ symbol, price: null });
    // The last price as the chart's title shows it now; the trader can type another.
    client.ask({ type: 'chart.quote' }).then(
      (quote) => {
        const sameChart =
          quote.ticker !== null && (quote.ticker === report?.symbol || quote.ticker === symbol);
        setTicketFor((open) =>
          open?.symbol === symbol ? { symbol, price: sameChart ? quote.price : null } : open,
        );
      },
      () => {},
    );
    if (Ticket === null) {
      import('./ticket').then(
        (loaded) => setTicket(() => loaded.ChartTicket),
        (error: unknown) => setNotice(words('overlayTicketFailed', String(error))),
      );
    }
  };

  const pickBotFor = (symbol: string, bot: BotId): void => {
    setPicked({ symbol, bot });
    client
      .ask({
        type: 'settings.update',
        patch: { botBySymbol: { ...view.settings.botBySymbol, [symbol]: bot } },
      })
      .then(setView, (error: unknown) => setNotice(words('overlayRememberFailed', String(error))));
  };

  const toggleCollapsed = (): void => {
    const next = !collapsed;
    toggled.current = true;
    setCollapsed(next);
    if (next) sender.cancel();
    collapsedStore.save(next).catch(() => {});
  };

  // A risk rule holds entries only; the closers below stay live.
  const entryOff = entryOffReason(view, clock);
  const orderButton = (label: string, order: Order | null, extra = '', off: string | null = null) => {
    const busy = order !== null && isBusy(order);
    return (
      <button
        type="button"
        class={`ct-btn ${extra}`}
        disabled={block !== null || order === null || busy || off !== null}
        aria-busy={busy}
        title={block ?? off ?? undefined}
        onClick={() => order !== null && onOrder(order)}
      >
        {busy ? `${label}…` : label}
      </button>
    );
  };

  return (
    <div class={`ct-root overlay overlay--${view.mode}`} onClickCapture={judge} onKeyDownCapture={judge}>
      <header class="bar" {...dragHandlers(drag)}>
        <button
          type="button"
          class="grip"
          aria-label={words('overlayMove')}
          title={words('overlayMoveTitle')}
          onKeyDown={(event) => {
            if (drag.key(event)) event.preventDefault();
          }}
        >
          ⠿
        </button>
        <ModeMark mode={view.mode} />
        <span class="symbol" data-testid="chart-symbol" title={report?.symbol ?? ''}>
          {report?.symbol ?? PLACEHOLDER}
          {exchange ? <span class="ct-muted"> {exchange}</span> : null}
          {mappedTo ? (
            <span class="traded-as" data-testid="traded-as">
              {' '}
              {words('overlayTradedAs', mappedTo)}
            </span>
          ) : null}
        </span>
        <span class={`state state--${report?.state ?? 'none'}`} data-testid="chart-state">
          {report?.state ?? words('overlayStateWaiting')}
        </span>
        <button
          type="button"
          class="ct-btn ct-btn--small toggle"
          aria-expanded={!collapsed}
          aria-label={words(collapsed ? 'overlayExpand' : 'overlayCollapse')}
          onClick={toggleCollapsed}
        >
          {collapsed ? '▸' : '▾'}
        </button>
      </header>
      {collapsed ? null : confirmation !== null ? (
        // In the panel's flow rather than over it: the frame grows to the dialog, however little the
        // panel held, so the trader always sees mode, bot and underlying above Confirm.
        <div class="confirm-host">
          <ConfirmDialog
            title={words(confirmation.reason === 'repeat' ? 'overlayConfirmRepeat' : 'overlayConfirm')}
            mode={view.mode}
            rows={confirmationRows(confirmation.order, view.mode, {
              ...context,
              symbol: clickedOn.current.get(orderKey(confirmation.order)) ?? '?',
              exchange,
            })}
            call={orderCall(confirmation.order)}
            note={confirmation.note}
            onConfirm={onConfirm}
            onCancel={() => sender.cancel()}
          />
        </div>
      ) : (
        <div class="body">
          {block !== null ? (
            <p class="reason" role="status" data-testid="trading-off">
              {words('overlayTradingOff', block)}
            </p>
          ) : null}
          <ChartDiagnostic report={report} now={clock} />
          {report?.state === 'unconfirmed' ? (
            <SymbolConfirm reason={report.reason} onConfirm={confirmSymbol} />
          ) : null}
          <div class="row risk">
            <PauseSwitch
              view={view}
              ask={client.ask}
              counts={() => {
                const current = verdict.current;
                // Pausing entries is the safe side of a misclick: rows that just moved do not stop it.
                if (current !== null && !current.counts && current.why === 'rows') return true;
                if (current !== null && !current.counts) setNotice(current.message);
                return current?.counts === true;
              }}
              onError={setNotice}
            />
          </div>
          {entryOff !== null ? (
            <p class="reason" role="status" data-testid="entries-off">
              {entryOff}
            </p>
          ) : null}
          {view.mode === 'live' && !view.hasSecret ? (
            <p class="reason">{words('overlayLiveNoSecret')}</p>
          ) : null}
          {bots.length === 0 ? (
            <p class="ct-muted">{words('overlayNoBots')}</p>
          ) : underlying !== null && boundHere.length === 0 ? (
            <div class="row" data-testid="no-bot">
              <span>{words('overlayNoBotTrades', underlying)}</span>
              {bindable.length > 0 && bindChoice !== null ? (
                <>
                  <BotPicker
                    label={words('overlayBindTo', underlying)}
                    bots={bindable}
                    value={bindChoice}
                    allowNone={false}
                    onChange={(bot) => setBinding(bot === null ? '' : String(bot))}
                  />
                  <button
                    type="button"
                    class="ct-btn ct-btn--small"
                    disabled={block !== null}
                    onClick={() => bindHere(bindChoice, underlying)}
                  >
                    {words('overlayBindTo', underlying)}
                  </button>
                </>
              ) : (
                <span class="ct-muted">{words('overlayAllBoundElsewhere')}</span>
              )}
            </div>
          ) : (
            <div class="row">
              <BotPicker
                bots={boundHere}
                value={botId}
                allowNone={false}
                disabled={underlying === null}
                onChange={(bot) => {
                  if (bot !== null && underlying !== null) pickBotFor(underlying, bot);
                }}
              />
              {orderButton(
                entryLabel(words('overlayEnterViaBot'), view, clock),
                botId === null ? null : { kind: 'enterBot', bot: botId },
                'ct-btn--primary',
                entryOff,
              )}
            </div>
          )}
          {underlying !== null ? (
            <div class="row">
              <button
                type="button"
                class="ct-btn ct-btn--small"
                aria-expanded={ticket !== null}
                disabled={block !== null}
                onClick={() => (ticket === null ? openTicket() : setTicketFor(null))}
              >
                {words(ticket === null ? 'overlayBuildOrder' : 'overlayCloseTicket')}
              </button>
            </div>
          ) : null}
          {ticket !== null && ticket.symbol === underlying ? (
            Ticket === null ? (
              <p class="ct-muted">{words('overlayOpeningTicket')}</p>
            ) : (
              // Scrolls inside its own box: the panel itself never scrolls, since Chromium's visibility
              // tracking (the click guard's proof) stops vouching for a document scrolled under it.
              <div class="ticket-host">
                <Ticket
                  bots={bots}
                  bindings={view.bindings}
                  chartSymbol={ticket.symbol}
                  price={ticket.price}
                  key={`${ticket.symbol}:${ticket.price ?? ''}`}
                  now={now()}
                  onOrder={onOrder}
                  isBusy={isBusy}
                  // The ticket only enters: a risk rule that holds entries greys it as it does Enter.
                  disabledReason={block ?? entryOff}
                />
              </div>
            )
          ) : (
            <>
              {underlying !== null ? (
                <TradeList
                  trades={trades}
                  now={clock}
                  refreshedAt={view.tradesAt}
                  emptyText={words('overlayNoTradesOn', underlying)}
                  timeZone={view.settings.timeZone}
                  totals={totalsByBot(trades, bots, view.bindings)}
                  onOrder={onOrder}
                  isBusy={isBusy}
                  disabledReason={block}
                />
              ) : null}
              {botId !== null && underlying !== null ? (
                <>
                  <div class="row closers">
                    {CLOSE_RULES.map((rule) =>
                      orderButton(
                        closerLabel(rule, underlying, trades.length),
                        { kind: 'closeBot', bot: botId, close: rule },
                        'ct-btn--small',
                      ),
                    )}
                  </div>
                  <p class="ct-muted caveat" data-testid="close-caveat">
                    {CLOSE_CAVEAT}
                  </p>
                </>
              ) : null}
            </>
          )}

          <BudgetLine budget={view.budget} />
          {view.readError ? <p class="warn">{view.readError.message}</p> : null}
          {notice ? (
            <p class="warn" role="status" data-testid="overlay-notice">
              {notice}
            </p>
          ) : null}
          <ResultLine result={sender.result.value} context={context} onDismiss={() => sender.clearResult()} />
          {guard.needsConfirmation ? <p class="ct-muted hint">{words('overlayCannotProveVisible')}</p> : null}
        </div>
      )}
    </div>
  );
}

/** Controls in the title bar keep their clicks: a drag starts anywhere else on it. */
const NOT_A_HANDLE = 'button:not(.grip), select, input, a';

/** The title bar is the handle: pointer drags move the panel, a double click puts it back. */
function dragHandlers(drag: PanelDrag) {
  const onHandle = (event: Event): boolean =>
    !(event.target instanceof Element && event.target.closest(NOT_A_HANDLE) !== null);
  return {
    onPointerDown: (event: PointerEvent) => {
      if (!onHandle(event) || !drag.down(event)) return;
      // The bar keeps the moves while the pointer is anywhere over the frame (outside it, see drag.ts).
      (event.currentTarget as Element).setPointerCapture(event.pointerId);
    },
    onPointerMove: (event: PointerEvent) => drag.move(event),
    onPointerUp: (event: PointerEvent) => drag.up(event, true),
    // Not lostpointercapture: a frame may lose the pointer mid-drag, and the content script follows it then.
    onPointerCancel: (event: PointerEvent) => drag.up(event, false),
    onDblClick: (event: MouseEvent) => {
      if (onHandle(event)) drag.reset(event);
    },
  };
}
