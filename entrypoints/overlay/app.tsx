import { useEffect, useRef, useState } from 'preact/hooks';
import type { Bot, BotId, CloseRule, OpenTrade, Order } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import { type OrderReply, orderKey, type ViewState } from '@/lib/messaging/protocol';
import { type ClickGuard, CONFIRM_ARM_MS } from './click-guard';
import type { OverlayClient } from './client';
import {
  type Confirmation,
  confirmationFor,
  countdown,
  needsConfirmation,
  type OrderContext,
  pickBot,
  type ResultLine,
  resultLine,
  tradesOnSymbol,
  tradingBlock,
  UNKNOWN_OUTCOME,
} from './rules';

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

interface PendingConfirmation {
  order: Order;
  /** The underlying shown when the trader clicked; the dialog closes if the chart moves off it. */
  symbol: string;
  repeat: boolean;
  openedAt: number;
  text: Confirmation;
}

const TRIMS = [25, 50, 75] as const;

export function Overlay({ client, guard, now, collapsedStore }: OverlayProps) {
  const [view, setView] = useState<ViewState | null>(null);
  const [report, setReport] = useState<ChartReport | null>(null);
  const [collapsed, setCollapsed] = useState(false);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<PendingConfirmation | null>(null);
  const [result, setResult] = useState<ResultLine | null>(null);
  const [heldUntil, setHeldUntil] = useState<number | null>(null);
  const [picked, setPicked] = useState<{ symbol: string; bot: BotId } | null>(null);
  // Synchronous twin of `pending`: two clicks in one frame must not both pass the in-flight check.
  const sending = useRef(new Set<string>());
  const toggled = useRef(false);

  useEffect(
    () => client.subscribe((push) => (push.type === 'state' ? setView(push.state) : setReport(push.report))),
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

  const block = tradingBlock(report);
  const underlying = block === null ? (report?.underlying ?? null) : null;
  const exchange = report?.exchange ?? null;

  // A confirmation is for one symbol: if the chart moves off it, nothing may be sent from it.
  useEffect(() => {
    if (dialog && underlying !== dialog.symbol) {
      setDialog(null);
      setResult({ tone: 'warn', text: 'The chart changed; nothing was sent.' });
    }
  }, [dialog, underlying]);

  const blockedUntil = Math.max(view?.budget.blockedUntil ?? 0, heldUntil ?? 0) || null;
  const clock = useTicking(blockedUntil !== null && blockedUntil > now(), now);

  if (view === null) {
    return (
      <div class="overlay">
        <header class="bar">
          <span class="muted">Connecting to the extension…</span>
        </header>
      </div>
    );
  }

  const bots = view.bots;
  const botId =
    picked !== null && picked.symbol === underlying && bots.some((b) => b.id === picked.bot)
      ? picked.bot
      : pickBot(bots, view.settings, underlying);
  const trades = tradesOnSymbol(view.openTrades, underlying);
  const busy = (order: Order): boolean => {
    const key = orderKey(order);
    return view.inFlight.includes(key) || pending.has(key) || sending.current.has(key);
  };
  const context = (symbol: string): OrderContext => ({
    mode: view.mode,
    symbol,
    exchange,
    bots,
    trades: view.openTrades,
  });

  const send = async (order: Order, symbol: string, confirmed: boolean): Promise<void> => {
    const key = orderKey(order);
    if (sending.current.has(key)) return;
    sending.current.add(key);
    setPending(new Set(sending.current));
    let reply: OrderReply;
    try {
      reply = await client.ask({
        type: 'order.place',
        order,
        from: 'overlay',
        confirmed,
        chartSymbol: symbol,
      });
    } catch (error) {
      // The message may have reached the background before it failed: treat as possibly placed.
      const why = error instanceof Error ? ` (${error.message})` : '';
      setResult({ tone: 'warn', text: `${UNKNOWN_OUTCOME}${why}` });
      return;
    } finally {
      sending.current.delete(key);
      setPending(new Set(sending.current));
    }
    if (reply.status === 'held' && !confirmed && (reply.reason === 'repeat' || reply.reason === 'confirm')) {
      openConfirmation(order, symbol, reply.reason === 'repeat');
      return;
    }
    if (reply.status === 'held' && reply.reason === 'blocked' && reply.until !== undefined) {
      setHeldUntil(reply.until);
    }
    setResult(resultLine(reply));
  };

  const openConfirmation = (order: Order, symbol: string, repeat: boolean): void => {
    setResult(null);
    setDialog({
      order,
      symbol,
      repeat,
      openedAt: now(),
      text: confirmationFor(order, context(symbol), repeat),
    });
  };

  /** Every order button goes through here: guard, chart check, in-flight check, then confirm or send. */
  const act = (event: MouseEvent, order: Order): void => {
    const verdict = guard.check(event);
    if (!verdict.counts) {
      setResult({ tone: 'warn', text: verdict.message });
      return;
    }
    if (underlying === null || busy(order)) return;
    if (needsConfirmation(view.mode, view.settings, guard.needsConfirmation)) {
      openConfirmation(order, underlying, false);
      return;
    }
    void send(order, underlying, false);
  };

  const confirm = (event: MouseEvent): void => {
    if (dialog === null) return;
    const verdict = guard.check(event);
    if (!verdict.counts) {
      setResult({ tone: 'warn', text: verdict.message });
      return;
    }
    // A second click of a double click must not confirm what the first one opened.
    if (now() - dialog.openedAt < CONFIRM_ARM_MS) return;
    if (underlying !== dialog.symbol || busy(dialog.order)) return;
    setDialog(null);
    void send(dialog.order, dialog.symbol, true);
  };

  const pickBotFor = (symbol: string, bot: BotId): void => {
    setPicked({ symbol, bot });
    client
      .ask({
        type: 'settings.update',
        patch: { botBySymbol: { ...view.settings.botBySymbol, [symbol]: bot } },
      })
      .then(setView, (error: unknown) =>
        setResult({ tone: 'error', text: `Could not remember the bot: ${String(error)}` }),
      );
  };

  const toggleCollapsed = (): void => {
    const next = !collapsed;
    toggled.current = true;
    setCollapsed(next);
    collapsedStore.save(next).catch(() => {});
  };

  const tradingOff = underlying === null;
  const closeBot = (close: CloseRule): Order | null =>
    botId === null ? null : { kind: 'closeBot', bot: botId, close };

  return (
    <div class={`overlay ${view.mode}`}>
      <header class="bar">
        <ModeMark mode={view.mode} />
        <span class="symbol" title={report?.symbol ?? ''}>
          {report?.symbol ?? '—'}
          {exchange ? <span class="muted"> {exchange}</span> : null}
        </span>
        <span class={`state ${report?.state ?? 'loading'}`}>{report?.state ?? 'waiting'}</span>
        <button
          type="button"
          class="icon"
          aria-expanded={!collapsed}
          title={collapsed ? 'Show the panel' : 'Collapse the panel'}
          onClick={toggleCollapsed}
        >
          {collapsed ? '▸' : '▾'}
        </button>
      </header>
      {collapsed || dialog !== null ? null : (
        <div class="body">
          {block !== null ? (
            <p class="reason" role="status">
              Trading off: {block}
            </p>
          ) : null}
          {view.mode === 'live' && !view.hasSecret ? (
            <p class="reason">Live mode has no secret yet: add it in the extension's settings.</p>
          ) : null}
          <div class="row">
            <BotPicker
              bots={bots}
              value={botId}
              disabled={tradingOff}
              onPick={(bot) => underlying !== null && pickBotFor(underlying, bot)}
            />
            <OrderButton
              label="Enter via bot"
              primary
              order={botId === null ? null : { kind: 'enterBot', bot: botId }}
              off={tradingOff}
              busy={busy}
              act={act}
            />
          </div>
          <TradeList trades={trades} off={tradingOff} busy={busy} act={act} symbol={underlying} />
          <div class="row closers">
            <OrderButton label="Close all" order={closeBot('all')} off={tradingOff} busy={busy} act={act} />
            <OrderButton
              label="Close newest"
              order={closeBot('newest')}
              off={tradingOff}
              busy={busy}
              act={act}
            />
            <OrderButton
              label="Close oldest"
              order={closeBot('oldest')}
              off={tradingOff}
              busy={busy}
              act={act}
            />
          </div>
          <BudgetLine view={view} blockedUntil={blockedUntil} now={clock} />
          {view.readError ? <p class="line warn">{view.readError.message}</p> : null}
          {result ? (
            <p class={`line result ${result.tone}`} role="status">
              {result.text}
            </p>
          ) : null}
          {guard.needsConfirmation ? (
            <p class="line muted">This browser cannot prove the panel is visible: every order asks first.</p>
          ) : null}
        </div>
      )}
      {dialog !== null && !collapsed ? (
        <div class="dialog" role="alertdialog" aria-label={dialog.text.title}>
          <p class="title">{dialog.text.title}</p>
          <dl>
            {dialog.text.rows.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {result ? <p class={`line ${result.tone}`}>{result.text}</p> : null}
          <div class="row">
            <button
              type="button"
              class={`primary ${view.mode}`}
              disabled={busy(dialog.order)}
              onClick={confirm}
            >
              {dialog.text.confirmLabel}
            </button>
            <button type="button" onClick={() => setDialog(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function ModeMark({ mode }: { mode: ViewState['mode'] }) {
  return <span class={`mode ${mode}`}>{mode === 'live' ? 'LIVE' : 'PAPER'}</span>;
}

interface OrderButtonProps {
  label: string;
  order: Order | null;
  off: boolean;
  primary?: boolean;
  busy: (order: Order) => boolean;
  act: (event: MouseEvent, order: Order) => void;
}

function OrderButton({ label, order, off, primary, busy, act }: OrderButtonProps) {
  const inFlight = order !== null && busy(order);
  return (
    <button
      type="button"
      class={primary ? 'primary' : undefined}
      disabled={off || order === null || inFlight}
      aria-busy={inFlight}
      onClick={(event) => order !== null && act(event, order)}
    >
      {inFlight ? `${label}…` : label}
    </button>
  );
}

function BotPicker(props: {
  bots: Bot[];
  value: BotId | null;
  disabled: boolean;
  onPick: (bot: BotId) => void;
}) {
  if (props.bots.length === 0) return <span class="muted grow">No bots on this account.</span>;
  return (
    <select
      class="grow"
      aria-label="Bot"
      disabled={props.disabled}
      value={props.value === null ? '' : String(props.value)}
      onChange={(event) => {
        const id = Number(event.currentTarget.value);
        const bot = props.bots.find((b) => b.id === id);
        if (bot) props.onPick(bot.id);
      }}
    >
      {props.bots.map((bot) => (
        <option key={bot.id} value={String(bot.id)}>
          {bot.name}
        </option>
      ))}
    </select>
  );
}

interface TradeListProps {
  trades: OpenTrade[];
  symbol: string | null;
  off: boolean;
  busy: (order: Order) => boolean;
  act: (event: MouseEvent, order: Order) => void;
}

function TradeList({ trades, symbol, off, busy, act }: TradeListProps) {
  if (symbol === null) return null;
  if (trades.length === 0) return <p class="line muted">No open trades on {symbol}.</p>;
  return (
    <ul class="trades" aria-label={`Open trades on ${symbol}`}>
      {trades.map((trade) => (
        <TradeRow key={trade.id} trade={trade} off={off} busy={busy} act={act} />
      ))}
    </ul>
  );
}

function TradeRow(props: {
  trade: OpenTrade;
  off: boolean;
  busy: (order: Order) => boolean;
  act: (event: MouseEvent, order: Order) => void;
}) {
  const { trade, off, busy, act } = props;
  const [trim, setTrim] = useState<number>(50);
  const pnl = trade.profitLoss;
  return (
    <li class="trade" data-trade={trade.id}>
      <span class="what" title={`Entered ${trade.enteredAt}`}>
        #{trade.id} {trade.strategy}
      </span>
      <span class={pnl < 0 ? 'loss' : 'gain'}>
        {pnl < 0 ? '−' : '+'}${Math.abs(pnl).toFixed(2)} ({trade.percentProfitLoss}%)
      </span>
      <span class="actions">
        <OrderButton
          label="Exit"
          order={{ kind: 'exitTrade', trade: trade.id }}
          off={off}
          busy={busy}
          act={act}
        />
        <select
          aria-label={`Trim percent for trade ${trade.id}`}
          value={String(trim)}
          disabled={off}
          onChange={(event) => setTrim(Number(event.currentTarget.value))}
        >
          {TRIMS.map((p) => (
            <option key={p} value={String(p)}>
              {p}%
            </option>
          ))}
        </select>
        <OrderButton
          label="Trim"
          order={{ kind: 'trimTrade', trade: trade.id, trim }}
          off={off}
          busy={busy}
          act={act}
        />
      </span>
    </li>
  );
}

function BudgetLine({
  view,
  blockedUntil,
  now,
}: {
  view: ViewState;
  blockedUntil: number | null;
  now: number;
}) {
  if (blockedUntil !== null && blockedUntil > now) {
    return (
      <p class="line warn" role="timer">
        Paused after too many requests: {countdown(blockedUntil, now)} left
      </p>
    );
  }
  const { used, share } = view.budget;
  return (
    <p class="line muted">
      Requests this minute: {used} of {share}
    </p>
  );
}

/** The current time, re-read every second while `active` (for the block countdown). */
function useTicking(active: boolean, now: () => number): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    if (!active) return;
    setTime(now());
    const timer = setInterval(() => setTime(now()), 1000);
    return () => clearInterval(timer);
  }, [active, now]);
  return active ? time : now();
}
