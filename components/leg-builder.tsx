import { useId, useState } from 'preact/hooks';
import { orderCall } from '../lib/api/order-call';
import type { Bot, BotId, FieldProblem } from '../lib/api/types';
import { BotPicker } from './bot-row';
import { RequestPreview } from './confirm-dialog';
import {
  buildLegOrder,
  emptyLeg,
  type LegDraft,
  MAX_LEGS,
  nextFriday,
  TEMPLATES,
  type TemplateKind,
  templateLegs,
} from './legs';
import type { OrderActions } from './trade-row';
import './theme.css';
import './leg-builder.css';

export interface LegBuilderProps {
  legs: readonly LegDraft[];
  onChange: (legs: LegDraft[]) => void;
  /** Problems to show inline, by draft field (`legs.0.strike`, …). */
  problems: readonly FieldProblem[];
  /** Defaults for a new leg. */
  symbol?: string;
  expiration?: string;
}

type LegKey = keyof LegDraft;

function LegEditor({
  index,
  leg,
  problems,
  onEdit,
  onRemove,
  canRemove,
}: {
  index: number;
  leg: LegDraft;
  problems: readonly FieldProblem[];
  onEdit: (patch: Partial<LegDraft>) => void;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const base = useId();
  const problemOf = (key: LegKey) => problems.find((p) => p.field === `legs.${index}.${key}`)?.message;
  const ids = (key: LegKey) => ({ input: `${base}-${key}`, error: `${base}-${key}-error` });
  const invalidProps = (key: LegKey) => {
    const message = problemOf(key);
    return message ? { 'aria-invalid': true as const, 'aria-describedby': ids(key).error } : {};
  };
  const errors = (['symbol', 'contracts', 'expiration', 'type', 'strike'] as const)
    .map((key) => ({ key, message: problemOf(key) }))
    .filter((e): e is { key: (typeof e)['key']; message: string } => Boolean(e.message));
  const legProblem = problems.find((p) => p.field === `legs.${index}`)?.message;
  return (
    <fieldset class="ct-leg" data-testid="leg">
      <legend class="ct-leg__legend">
        Leg {index + 1}
        {canRemove ? (
          <button
            type="button"
            class="ct-btn ct-btn--small ct-leg__remove"
            aria-label={`Remove leg ${index + 1}`}
            onClick={onRemove}
          >
            ×
          </button>
        ) : null}
      </legend>
      <div class="ct-leg__grid">
        <div class="ct-leg__field">
          <label for={ids('side').input}>Side</label>
          <select
            id={ids('side').input}
            class="ct-select"
            value={leg.side}
            onChange={(e) => onEdit({ side: e.currentTarget.value === 'sell' ? 'sell' : 'buy' })}
          >
            <option value="buy">Buy</option>
            <option value="sell">Sell</option>
          </select>
        </div>
        <div class="ct-leg__field">
          <label for={ids('contracts').input}>Contracts</label>
          <input
            id={ids('contracts').input}
            class="ct-input ct-leg__num"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={leg.contracts}
            {...invalidProps('contracts')}
            onInput={(e) => onEdit({ contracts: e.currentTarget.value })}
          />
        </div>
        <div class="ct-leg__field">
          <label for={ids('symbol').input}>Symbol</label>
          <input
            id={ids('symbol').input}
            class="ct-input ct-leg__symbol"
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={leg.symbol}
            {...invalidProps('symbol')}
            onInput={(e) => onEdit({ symbol: e.currentTarget.value.toUpperCase() })}
          />
        </div>
        <div class="ct-leg__field">
          <label for={ids('type').input}>Type</label>
          <select
            id={ids('type').input}
            class="ct-select"
            value={leg.type}
            onChange={(e) => onEdit({ type: e.currentTarget.value === 'put' ? 'put' : 'call' })}
          >
            <option value="call">Call</option>
            <option value="put">Put</option>
          </select>
        </div>
        <div class="ct-leg__field">
          <label for={ids('strike').input}>Strike</label>
          <input
            id={ids('strike').input}
            class="ct-input ct-leg__num"
            type="number"
            inputMode="decimal"
            min={0}
            step="any"
            value={leg.strike}
            {...invalidProps('strike')}
            onInput={(e) => onEdit({ strike: e.currentTarget.value })}
          />
        </div>
        <div class="ct-leg__field">
          <label for={ids('expiration').input}>Expiration</label>
          <input
            id={ids('expiration').input}
            class="ct-input"
            type="date"
            value={leg.expiration}
            {...invalidProps('expiration')}
            onInput={(e) => onEdit({ expiration: e.currentTarget.value })}
          />
        </div>
      </div>
      {errors.map((e) => (
        <p
          key={e.key}
          id={ids(e.key).error}
          class="ct-field-error ct-leg__error"
          data-field={`legs.${index}.${e.key}`}
        >
          {e.message}
        </p>
      ))}
      {legProblem ? <p class="ct-field-error ct-leg__error">{legProblem}</p> : null}
    </fieldset>
  );
}

/** Up to four legs, each symbol, buy/sell and contracts, expiration, call/put, strike; problems inline. */
export function LegBuilder({ legs, onChange, problems, symbol = '', expiration = '' }: LegBuilderProps) {
  const edit = (i: number, patch: Partial<LegDraft>) =>
    onChange(legs.map((leg, j) => (j === i ? { ...leg, ...patch } : leg)));
  const last = legs[legs.length - 1];
  const legsProblem = problems.find((p) => p.field === 'legs')?.message;
  return (
    <div class="ct-legs">
      {legs.map((leg, i) => (
        <LegEditor
          key={i}
          index={i}
          leg={leg}
          problems={problems}
          canRemove={legs.length > 1}
          onEdit={(patch) => edit(i, patch)}
          onRemove={() => onChange(legs.filter((_, j) => j !== i))}
        />
      ))}
      {legsProblem ? <p class="ct-field-error">{legsProblem}</p> : null}
      <button
        type="button"
        class="ct-btn ct-btn--small"
        disabled={legs.length >= MAX_LEGS}
        title={legs.length >= MAX_LEGS ? `At most ${MAX_LEGS} legs` : undefined}
        onClick={() => onChange([...legs, emptyLeg(last?.symbol || symbol, last?.expiration || expiration)])}
      >
        Add leg
      </button>
    </div>
  );
}

export interface CustomEntryProps extends OrderActions {
  bots: readonly Bot[];
  defaultBot: BotId | null;
  /** The underlying to start from (the chart's, or empty). */
  symbol?: string;
  /** For the default expiration; tests pass a fixed date. */
  today?: Date;
}

/**
 * A custom entry: bot, legs (or a template around an underlying price), and the exact request,
 * shown before anything is sent.
 */
export function CustomEntry({
  bots,
  defaultBot,
  symbol = '',
  today,
  onOrder,
  isBusy,
  disabledReason,
}: CustomEntryProps) {
  const expiration = nextFriday(today ?? new Date());
  const [bot, setBot] = useState<BotId | null>(defaultBot ?? bots[0]?.id ?? null);
  const [legs, setLegs] = useState<LegDraft[]>(() => [emptyLeg(symbol, expiration)]);
  const [price, setPrice] = useState('');
  const [width, setWidth] = useState('5');
  const [templateError, setTemplateError] = useState<string | null>(null);
  // Problems show once the trader has touched the legs or tried to send, not on an empty form.
  const [showProblems, setShowProblems] = useState(false);
  const ids = { price: useId(), width: useId(), bot: useId() };
  const { order, problems } = buildLegOrder(bot, legs);
  const shown = showProblems ? problems : [];
  const botProblem = shown.find((p) => p.field === 'bot')?.message;

  const changeLegs = (next: LegDraft[]) => {
    setLegs(next);
    setShowProblems(true);
  };

  const applyTemplate = (kind: TemplateKind) => {
    const p = Number(price);
    const w = Number(width);
    if (!(price.trim() !== '' && p > 0) || !(w > 0)) {
      setTemplateError('Type the underlying price and a width above 0 first.');
      return;
    }
    const first = legs[0];
    const contracts = Number(first?.contracts);
    setTemplateError(null);
    changeLegs(
      templateLegs(kind, {
        symbol: first?.symbol || symbol,
        price: p,
        width: w,
        expiration: first?.expiration || expiration,
        contracts: Number.isInteger(contracts) && contracts > 0 ? contracts : 1,
      }),
    );
  };

  const send = () => {
    setShowProblems(true);
    if (order) onOrder(order);
  };

  return (
    <section class="ct-custom" aria-label="Custom entry">
      <div class="ct-custom__row">
        <BotPicker
          bots={bots}
          value={bot}
          onChange={setBot}
          invalid={Boolean(botProblem)}
          describedBy={botProblem ? ids.bot : undefined}
        />
        {botProblem ? (
          <span id={ids.bot} class="ct-field-error">
            {botProblem}
          </span>
        ) : null}
      </div>
      <div class="ct-custom__templates">
        <label for={ids.price}>Underlying price</label>
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
        <label for={ids.width}>Width</label>
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
      <div class="ct-custom__request">
        <p class="ct-custom__request-title">Exact request</p>
        {order ? (
          <RequestPreview call={orderCall(order)} />
        ) : (
          <p class="ct-muted">Fill in every leg to see the exact request.</p>
        )}
      </div>
      <button
        type="button"
        class="ct-btn ct-btn--primary"
        disabled={Boolean(disabledReason) || (order !== null && isBusy(order))}
        title={disabledReason ?? undefined}
        onClick={send}
      >
        Send legs
      </button>
    </section>
  );
}
