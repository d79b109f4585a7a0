import { useId, useState } from 'preact/hooks';
import type { OpenTrade, Order } from '../lib/api/types';
import type { BotTotal } from '../lib/bots/trade-totals';
import { words } from '../lib/words';
import {
  entrySide,
  formatNumber,
  formatPrice,
  formatSignedMoney,
  formatSignedPercent,
  pnlTone,
  sortNewestFirst,
  tradeAge,
  zoneLabel,
} from './format';
import { PnlAge } from './pnl-age';
import './theme.css';
import './trade-row.css';

/** How a row asks for an order and learns whether that order's button must wait. */
export interface OrderActions {
  onOrder: (order: Order) => void;
  isBusy: (order: Order) => boolean;
  /** Everything off (e.g. during a 429 block), with the reason as the buttons' title. */
  disabledReason?: string | null;
}

export interface TradeRowProps extends OrderActions {
  trade: OpenTrade;
  now: number;
  /** Starting trim percentage. */
  defaultTrim?: number;
  /** The platform zone `entered_at` is read in (IANA); the browser's own without one. */
  timeZone?: string;
}

/** One open trade: what it is, when it was entered, how it is doing, and Exit / Trim. */
export function TradeRow({
  trade,
  now,
  onOrder,
  isBusy,
  disabledReason,
  defaultTrim = 50,
  timeZone,
}: TradeRowProps) {
  const nameId = useId();
  const trimId = useId();
  const trimHintId = useId();
  const [trimText, setTrimText] = useState(String(defaultTrim));
  const trim = Number(trimText);
  const trimValid = /^\d+$/.test(trimText.trim()) && trim >= 1 && trim <= 100;
  const exitOrder: Order = { kind: 'exitTrade', trade: trade.id };
  const trimOrder: Order = { kind: 'trimTrade', trade: trade.id, trim: trimValid ? trim : 0 };
  const tone = pnlTone(trade.profitLoss);
  const age = tradeAge(trade.enteredAt, now, timeZone);
  const side = entrySide(trade.strategy);
  const off = Boolean(disabledReason);
  return (
    <li class="ct-trade" data-testid="trade-row" data-trade-id={trade.id}>
      <div class="ct-trade__head">
        <span class="ct-trade__name" id={nameId}>
          <strong>{trade.symbol}</strong> {trade.strategy} <span class="ct-muted">#{trade.id}</span>
        </span>
        <span class={`ct-trade__pnl ct-${tone}`} data-testid="pnl" data-tone={tone}>
          {formatSignedMoney(trade.profitLoss)} ({formatSignedPercent(trade.percentProfitLoss)})
        </span>
      </div>
      <div class="ct-trade__meta ct-muted">
        <span>
          {words('tradeEntered')} <span data-testid="entered-at">{trade.enteredAt}</span>
          {timeZone ? ` ${zoneLabel(timeZone)}` : ''}
          {age ? <span data-testid="age"> · {age}</span> : null}
        </span>
        <span data-testid="entry">
          {side
            ? words(side === 'credit' ? 'tradeEntryCredit' : 'tradeEntryDebit', formatPrice(trade.entryPrice))
            : words('tradeEntry', formatPrice(trade.entryPrice))}
        </span>
      </div>
      <div class="ct-trade__actions">
        <button
          type="button"
          class="ct-btn ct-btn--small ct-btn--danger"
          aria-describedby={nameId}
          disabled={off || isBusy(exitOrder)}
          title={disabledReason ?? words('tradeExitTitle')}
          onClick={() => onOrder(exitOrder)}
        >
          {words('tradeExit')}
        </button>
        <span class="ct-trade__trim">
          <label for={trimId} class="ct-visually-hidden">
            {words('tradeTrimLabel')}
          </label>
          <input
            id={trimId}
            class="ct-input ct-trade__trim-input"
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            value={trimText}
            aria-invalid={!trimValid}
            aria-describedby={trimHintId}
            onInput={(e) => setTrimText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && trimValid && !off && !isBusy(trimOrder)) onOrder(trimOrder);
            }}
          />
          <span class="ct-muted">%</span>
          <button
            type="button"
            class="ct-btn ct-btn--small"
            aria-describedby={`${nameId} ${trimHintId}`}
            disabled={off || !trimValid || isBusy(trimOrder)}
            title={disabledReason ?? undefined}
            onClick={() => onOrder(trimOrder)}
          >
            {words('tradeTrim')}
          </button>
          <span
            id={trimHintId}
            class={trimValid ? 'ct-muted ct-trade__hint' : 'ct-field-error ct-trade__hint'}
          >
            {words(trimValid ? 'tradeTrimHint' : 'tradeTrimInvalid')}
          </span>
        </span>
      </div>
    </li>
  );
}

export interface TradeListProps extends OrderActions {
  trades: readonly OpenTrade[];
  now: number;
  /** ms epoch of the last successful read, or null when never read. */
  refreshedAt: number | null;
  emptyText?: string;
  timeZone?: string;
  /** P&L totals per bot (lib/bots/trade-totals.ts); none shown without. */
  totals?: readonly BotTotal[];
  /** Said under the totals (which trades they may also hold). */
  totalsNote?: string | null;
}

export function TradeList({
  trades,
  now,
  refreshedAt,
  emptyText,
  timeZone,
  totals = [],
  totalsNote = null,
  ...actions
}: TradeListProps) {
  const sorted = sortNewestFirst(trades, timeZone);
  return (
    <section class="ct-trades" aria-label={words('popupOpenTradesHeading')}>
      <PnlAge readAt={refreshedAt} />
      {totals.length > 0 ? (
        <ul
          class="ct-trades__totals ct-muted"
          data-testid="trade-totals"
          aria-label={words('tradesTotalsLabel')}
        >
          {totals.map((t) => (
            <li key={t.key} data-testid="bot-total" data-bots={t.bots.join(' ')}>
              <strong>{t.label}</strong>
              {t.bots.length > 0 ? ` · ${t.symbols.join(', ')}` : ''} ·{' '}
              {words(t.count === 1 ? 'tradesCountOne' : 'tradesCount', formatNumber(t.count, 0))} ·{' '}
              <span class={`ct-${pnlTone(t.pnl)}`}>{formatSignedMoney(t.pnl)}</span>
            </li>
          ))}
          {totalsNote ? <li class="ct-trades__totals-note">{totalsNote}</li> : null}
        </ul>
      ) : null}
      {sorted.length === 0 ? (
        <p class="ct-muted ct-trades__empty">{emptyText ?? words('tradesNone')}</p>
      ) : (
        <ul class="ct-trades__list">
          {sorted.map((trade) => (
            <TradeRow key={trade.id} trade={trade} now={now} timeZone={timeZone} {...actions} />
          ))}
        </ul>
      )}
    </section>
  );
}
