import { useId, useState } from 'preact/hooks';
import { orderCall } from '../lib/api/order-call';
import type { Bot, BotId, FieldProblem, Leg } from '../lib/api/types';
import { anySymbolBots, type BotBindings, bindingOf, botsBoundTo, TICKER } from '../lib/bots/binding';
import {
  dayFromIso,
  type Expiration,
  exchangeToday,
  expirations,
  pastExpirationProblems,
} from '../lib/options/calendar';
import { strikeIncrement } from '../lib/options/strikes';
import { netDirection, TEMPLATES, type TemplateKind, templateLegs } from '../lib/options/templates';
import { words } from '../lib/words';
import { BotPicker } from './bot-row';
import { RequestPreview } from './confirm-dialog';
import { formatDay, formatNumber, PLACEHOLDER } from './format';
import { LegBuilder } from './leg-builder';
import { buildLegOrder, emptyLeg, type LegDraft } from './legs';
import type { OrderActions } from './trade-row';
import './theme.css';
import './leg-builder.css';

export interface OrderTicketProps extends OrderActions {
  bots: readonly Bot[];
  bindings: Readonly<BotBindings>;
  /** The chart's underlying: fixed, every leg must be on it. Absent in the popup, where it is typed. */
  chartSymbol?: string;
  /** The chart's last price, from its title. */
  price?: number | null;
  /** ms epoch, for the expiration calendar; tests pass a fixed one. */
  now: number;
  /** Preferred bot when it may trade this underlying (the popup's default bot). */
  defaultBot?: BotId | null;
  /** The popup's start: the chart in the active tab (entrypoints/popup/popup-ticket.tsx); every field stays the trader's. */
  prefill?: TicketPrefill;
}

/** What the popup's ticket starts from: the active tab's underlying, and its last price when known. */
export interface TicketPrefill {
  symbol: string;
  price: number | null;
}

const legToDraft = (leg: Leg): LegDraft => ({
  symbol: leg.symbol,
  side: leg.quantity > 0 ? 'buy' : 'sell',
  contracts: String(Math.abs(leg.quantity)),
  expiration: leg.expiration,
  type: leg.type,
  strike: String(leg.strike),
});

/**
 * The bots a custom order on `symbol` may go through, best first: "any symbol" bots, then bots bound
 * to it; from the popup also bots not bound yet (never from a chart: the background refuses them).
 */
export function ticketBots(
  bots: readonly Bot[],
  bindings: Readonly<BotBindings>,
  symbol: string,
  fromChart: boolean,
): Bot[] {
  const any = anySymbolBots(bots, bindings);
  const bound = botsBoundTo(bots, bindings, symbol || null);
  const unbound = fromChart ? [] : bots.filter((bot) => bindingOf(bindings, bot.id) === null);
  return [...any, ...bound, ...unbound];
}

/**
 * The bots the popup's ticket offers while it is on the active tab's underlying: as on the chart, the
 * bots bound to it (first, so one of them is chosen), then "any symbol" bots; never one bound elsewhere.
 */
export function activeChartBots(
  bots: readonly Bot[],
  bindings: Readonly<BotBindings>,
  symbol: string,
): Bot[] {
  return [...botsBoundTo(bots, bindings, symbol || null), ...anySymbolBots(bots, bindings)];
}

/** The nearest Friday-style (weekly or monthly) expiration: what most traders mean by "this week". */
const defaultExpiration = (calendar: readonly Expiration[]): string =>
  calendar.find((e) => e.kind === 'weekly' || e.kind === 'monthly')?.iso ?? '';

/** `2026-12-18 · Fri, Dec 18, 2026 · monthly · 17d`: an expiration as the picker lists it. */
export function expirationLabel(exp: Expiration): string {
  const day = formatDay(exp.day * DAY_MS);
  return exp.kind === '0DTE'
    ? words('expirationToday', exp.iso, day, exp.kind)
    : words('expirationLabel', exp.iso, day, exp.kind, formatNumber(exp.dte, 0));
}

const DAY_MS = 86_400_000;

const emptyLegShape: Leg = { symbol: '', quantity: 1, expiration: '', type: 'call', strike: 1 };

/**
 * Everything wrong with the ticket, field by field, before anything is sent: the contract's rules, an
 * expiration before today in New York, and from a chart, a leg on anything but the chart's underlying.
 */
export function ticketProblems(
  bot: BotId | null,
  legs: readonly LegDraft[],
  nowMs: number,
  chartSymbol?: string,
): { order: ReturnType<typeof buildLegOrder>['order']; problems: FieldProblem[] } {
  const built = buildLegOrder(bot, legs);
  const problems = [...built.problems];
  const known = new Set(problems.map((p) => p.field));
  const candidate = {
    kind: 'enterLegs' as const,
    bot: bot ?? (0 as BotId),
    legs: legs.map((l) => ({ ...emptyLegShape, expiration: l.expiration })),
  };
  for (const p of pastExpirationProblems(candidate, nowMs)) {
    if (!known.has(p.field)) problems.push(p);
  }
  if (chartSymbol !== undefined) {
    legs.forEach((leg, i) => {
      const field = `legs.${i}.symbol`;
      const s = leg.symbol.trim().toUpperCase();
      if (s !== '' && s !== chartSymbol && !known.has(field)) {
        problems.push({
          field,
          message: words('ticketLegOffChart', chartSymbol),
        });
      }
    });
  }
  return { order: problems.length === 0 ? built.order : null, problems };
}

/**
 * A custom options order, built from the chart (or typed in the popup): underlying and last price,
 * a template with strikes snapped to the underlying's increment, an expiration from the calendar,
 * quantity, net credit or debit in words, and the exact request, sent through a bot the trader picks.
 */
export function OrderTicket({
  bots,
  bindings,
  chartSymbol,
  price: chartPrice,
  now,
  defaultBot,
  prefill,
  onOrder,
  isBusy,
  disabledReason,
}: OrderTicketProps) {
  const fromChart = chartSymbol !== undefined;
  const [symbolText, setSymbolText] = useState(chartSymbol ?? prefill?.symbol ?? '');
  const symbol = (chartSymbol ?? symbolText).trim().toUpperCase();
  const calendar = TICKER.test(symbol) ? expirations(symbol, now, 16) : [];
  const startPrice = chartPrice ?? prefill?.price;
  const [price, setPrice] = useState(startPrice ? String(startPrice) : '');
  const [width, setWidth] = useState('5');
  const [quantity, setQuantity] = useState('1');
  // The nearest Friday-style (weekly or monthly) expiration until the trader picks one.
  const [pickedExpiration, setExpiration] = useState('');
  const expiration = pickedExpiration || defaultExpiration(calendar);
  const [legs, setLegs] = useState<LegDraft[]>(() => [emptyLeg(symbol, expiration)]);
  const [templateError, setTemplateError] = useState<string | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  // Still on the active tab's underlying: its bots, as on the chart; a typed one offers what it always did.
  const onActiveChart = !fromChart && prefill !== undefined && symbol === prefill.symbol;
  const offered = onActiveChart
    ? activeChartBots(bots, bindings, symbol)
    : ticketBots(bots, bindings, symbol, fromChart);
  const fromActiveChart = (shown: boolean, testId: string) =>
    shown ? (
      <span class="ct-prefill-mark" data-testid={testId}>
        {words('prefillFieldMark')}
      </span>
    ) : null;
  const [picked, setPicked] = useState<BotId | null>(null);
  const bot =
    picked !== null && offered.some((b) => b.id === picked)
      ? picked
      : (offered.find((b) => b.id === defaultBot)?.id ?? offered[0]?.id ?? null);
  const ids = {
    symbol: useId(),
    price: useId(),
    width: useId(),
    quantity: useId(),
    exp: useId(),
    bot: useId(),
  };
  const { order, problems } = ticketProblems(bot, legs, now, chartSymbol);
  const shown = showProblems ? problems : [];
  const botProblem = shown.find((p) => p.field === 'bot')?.message;
  const p = Number(price);
  const increment = strikeIncrement(symbol, p);
  const today = exchangeToday(now).day;
  const direction =
    order !== null && order.kind === 'enterLegs'
      ? netDirection(order.legs, p, (iso) => (dayFromIso(iso) ?? today) - today)
      : null;

  const changeLegs = (next: LegDraft[]) => {
    setLegs(next);
    setShowProblems(true);
  };

  const applyTemplate = (kind: TemplateKind) => {
    const w = Number(width);
    const q = Number(quantity);
    if (!TICKER.test(symbol)) return setTemplateError(words('ticketNeedUnderlying'));
    if (!(price.trim() !== '' && p > 0) || !(w > 0)) {
      return setTemplateError(words('ticketNeedPriceWidth'));
    }
    if (!Number.isInteger(q) || q < 1) return setTemplateError(words('ticketQuantityWhole'));
    if (dayFromIso(expiration) === null) return setTemplateError(words('ticketNeedExpiration'));
    setTemplateError(null);
    changeLegs(
      templateLegs(kind, { symbol, price: p, increment, width: w, expiration, quantity: q }).map(legToDraft),
    );
  };

  const send = () => {
    setShowProblems(true);
    if (order) onOrder(order);
  };

  return (
    <section class="ct-custom" aria-label={words('ticketLabel')} data-testid="order-ticket">
      <div class="ct-custom__templates">
        <label for={ids.symbol}>{words('ticketUnderlying')}</label>
        {fromChart ? (
          <strong id={ids.symbol} data-testid="ticket-symbol">
            {symbol}
          </strong>
        ) : (
          <input
            id={ids.symbol}
            class="ct-input ct-leg__num"
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={symbolText}
            onInput={(e) => {
              const next = e.currentTarget.value.trim().toUpperCase();
              const nextExpiration = TICKER.test(next) ? defaultExpiration(expirations(next, now, 16)) : '';
              setSymbolText(next);
              // Legs that followed the old underlying follow the new one, and get its expiration if they had none.
              setLegs(
                legs.map((leg) =>
                  leg.symbol === '' || leg.symbol === symbol
                    ? {
                        ...leg,
                        symbol: next,
                        expiration: leg.expiration || pickedExpiration || nextExpiration,
                      }
                    : leg,
                ),
              );
            }}
          />
        )}
        {fromActiveChart(onActiveChart, 'symbol-from-chart')}
        <label for={ids.price}>{words('ticketUnderlyingPrice')}</label>
        <input
          id={ids.price}
          class="ct-input ct-leg__num"
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          value={price}
          onInput={(e) => setPrice(e.currentTarget.value)}
        />
        {fromActiveChart(
          onActiveChart && typeof prefill?.price === 'number' && price === String(prefill.price),
          'price-from-chart',
        )}
        <span class="ct-muted" data-testid="strike-step">
          {words('ticketStrikeStep', formatNumber(increment))}
        </span>
        <label for={ids.width}>{words('ticketWidth')}</label>
        <input
          id={ids.width}
          class="ct-input ct-leg__num"
          type="number"
          inputMode="decimal"
          step="any"
          min={0}
          value={width}
          onInput={(e) => setWidth(e.currentTarget.value)}
        />
        <label for={ids.quantity}>{words('ticketQuantity')}</label>
        <input
          id={ids.quantity}
          class="ct-input ct-leg__num"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={quantity}
          onInput={(e) => setQuantity(e.currentTarget.value)}
        />
        <label for={ids.exp}>{words('ticketExpiration')}</label>
        <select
          id={ids.exp}
          class="ct-select"
          value={expiration}
          onChange={(e) => {
            const next = e.currentTarget.value;
            setExpiration(next);
            // One expiration for the whole structure: the legs follow the picker.
            setLegs(legs.map((leg) => ({ ...leg, expiration: next })));
          }}
        >
          {calendar.some((c) => c.iso === expiration) ? null : (
            <option value={expiration}>{expiration || PLACEHOLDER}</option>
          )}
          {calendar.map((c) => (
            <option key={c.iso} value={c.iso}>
              {expirationLabel(c)}
            </option>
          ))}
        </select>
        <div class="ct-custom__template-buttons">
          {TEMPLATES.map((t) => (
            <button
              key={t.kind}
              type="button"
              class="ct-btn ct-btn--small"
              onClick={() => applyTemplate(t.kind)}
            >
              {t.label}
            </button>
          ))}
        </div>
        {templateError ? (
          <p class="ct-field-error" role="alert">
            {templateError}
          </p>
        ) : null}
      </div>
      <LegBuilder
        legs={legs}
        onChange={changeLegs}
        problems={shown}
        symbol={symbol}
        expiration={expiration}
      />
      <p class="ct-muted ct-hint" data-testid="nearest-note">
        {words('ticketNearestNote')}
      </p>
      {direction ? (
        <p data-testid="net-direction">
          {words(direction === 'credit' ? 'ticketNetCredit' : 'ticketNetDebit')}{' '}
          <span class="ct-muted">{words('ticketEstimatedAround', formatNumber(p))}</span>
        </p>
      ) : null}
      <div class="ct-custom__row">
        <BotPicker
          bots={offered}
          value={bot}
          onChange={setPicked}
          invalid={Boolean(botProblem)}
          describedBy={botProblem ? ids.bot : undefined}
        />
        {botProblem || (offered.length === 0 && symbol) ? (
          <span id={ids.bot} class="ct-field-error">
            {offered.length === 0 ? words('ticketNoBot', symbol) : botProblem}
          </span>
        ) : null}
      </div>
      <div class="ct-custom__request">
        <p class="ct-custom__request-title">{words('ticketExactRequest')}</p>
        {order ? (
          <RequestPreview call={orderCall(order)} />
        ) : (
          <p class="ct-muted">{words('ticketFillLegs')}</p>
        )}
      </div>
      <button
        type="button"
        class="ct-btn ct-btn--primary"
        disabled={Boolean(disabledReason) || (order !== null && isBusy(order))}
        title={disabledReason ?? undefined}
        onClick={send}
      >
        {words('ticketSendLegs')}
      </button>
    </section>
  );
}
