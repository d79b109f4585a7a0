import { useId } from 'preact/hooks';
import type { FieldProblem } from '../lib/api/types';
import { words } from '../lib/words';
import { emptyLeg, type LegDraft, MAX_LEGS } from './legs';
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
        {words('legRow', index + 1)}
        {canRemove ? (
          <button
            type="button"
            class="ct-btn ct-btn--small ct-leg__remove"
            aria-label={words('legRemove', index + 1)}
            onClick={onRemove}
          >
            ×
          </button>
        ) : null}
      </legend>
      <div class="ct-leg__grid">
        <div class="ct-leg__field">
          <label for={ids('side').input}>{words('legSide')}</label>
          <select
            id={ids('side').input}
            class="ct-select"
            value={leg.side}
            onChange={(e) => onEdit({ side: e.currentTarget.value === 'sell' ? 'sell' : 'buy' })}
          >
            <option value="buy">{words('legSideBuy')}</option>
            <option value="sell">{words('legSideSell')}</option>
          </select>
        </div>
        <div class="ct-leg__field">
          <label for={ids('contracts').input}>{words('legContracts')}</label>
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
          <label for={ids('symbol').input}>{words('legSymbol')}</label>
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
          <label for={ids('type').input}>{words('legType')}</label>
          <select
            id={ids('type').input}
            class="ct-select"
            value={leg.type}
            onChange={(e) => onEdit({ type: e.currentTarget.value === 'put' ? 'put' : 'call' })}
          >
            <option value="call">{words('legCall')}</option>
            <option value="put">{words('legPut')}</option>
          </select>
        </div>
        <div class="ct-leg__field">
          <label for={ids('strike').input}>{words('legStrike')}</label>
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
          <label for={ids('expiration').input}>{words('legExpiration')}</label>
          {/* Text, not type=date: a date picker shows the browser's locale (mm/dd/yyyy) while the API
              and every message here speak YYYY-MM-DD. */}
          <input
            id={ids('expiration').input}
            class="ct-input"
            type="text"
            inputMode="numeric"
            placeholder="YYYY-MM-DD"
            maxLength={10}
            autoComplete="off"
            spellcheck={false}
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
        title={legs.length >= MAX_LEGS ? words('legsAtMost', MAX_LEGS) : undefined}
        onClick={() => onChange([...legs, emptyLeg(last?.symbol || symbol, last?.expiration || expiration)])}
      >
        {words('legAdd')}
      </button>
    </div>
  );
}
