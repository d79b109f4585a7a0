import { useId, useState } from 'preact/hooks';
import type { Bot } from '../../lib/api/types';
import {
  type BotBinding,
  type BotBindings,
  bindingOf,
  suggestedUnderlying,
  TICKER,
} from '../../lib/bots/binding';

/**
 * Every bot with the underlying its own settings trade, as the trader sets it. `enter/{bot}` carries
 * no symbol, so only a bot bound here enters from a chart of that underlying. A name that names a
 * ticker is offered as a one-click suggestion, never applied by itself.
 */
export function BotBindingsSetting({
  bots,
  bindings,
  onBind,
}: {
  bots: readonly Bot[];
  bindings: Readonly<BotBindings>;
  onBind: (bot: Bot, binding: BotBinding | null) => void;
}) {
  if (bots.length === 0) {
    return <p class="ct-muted">Bots appear here once they have been read (open the popup).</p>;
  }
  return (
    <table class="ct-table" data-testid="bot-bindings">
      <caption class="ct-muted">
        Which underlying each bot's own settings trade. "Enter via bot" on a chart offers only the bots bound
        to its underlying.
      </caption>
      <thead>
        <tr>
          <th scope="col">Bot</th>
          <th scope="col">Trades</th>
          <th scope="col">
            <span class="ct-visually-hidden">Change</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {bots.map((bot) => (
          <BindingRow key={bot.id} bot={bot} binding={bindingOf(bindings, bot.id)} onBind={onBind} />
        ))}
      </tbody>
    </table>
  );
}

function BindingRow({
  bot,
  binding,
  onBind,
}: {
  bot: Bot;
  binding: BotBinding | null;
  onBind: (bot: Bot, binding: BotBinding | null) => void;
}) {
  const inputId = useId();
  const hintId = useId();
  const [text, setText] = useState('');
  const typed = text.trim().toUpperCase();
  const valid = TICKER.test(typed);
  const suggestion = suggestedUnderlying(bot.name);
  const bind = () => {
    if (!valid) return;
    onBind(bot, { kind: 'symbol', underlying: typed });
    setText('');
  };
  return (
    <tr data-testid="binding-row" data-bot-id={bot.id}>
      <td>
        {bot.name}
        <span class="ct-muted">
          {' '}
          · {bot.strategy} · #{bot.id}
        </span>
      </td>
      <td data-testid="binding">
        {binding === null ? (
          <span class="ct-muted">not bound</span>
        ) : binding.kind === 'any' ? (
          'any symbol, custom orders only'
        ) : (
          <strong class="ct-mono">{binding.underlying}</strong>
        )}
      </td>
      <td>
        <div class="ct-actions">
          {suggestion !== null && !(binding?.kind === 'symbol' && binding.underlying === suggestion) ? (
            <button
              type="button"
              class="ct-btn ct-btn--small"
              onClick={() => onBind(bot, { kind: 'symbol', underlying: suggestion })}
            >
              Bind to {suggestion}
            </button>
          ) : null}
          <label for={inputId} class="ct-visually-hidden">
            Underlying for {bot.name}
          </label>
          <input
            id={inputId}
            class="ct-input ct-mono ct-number"
            placeholder="Ticker"
            value={text}
            aria-invalid={text !== '' && !valid ? true : undefined}
            aria-describedby={hintId}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') bind();
            }}
          />
          <button type="button" class="ct-btn ct-btn--small" disabled={!valid} onClick={bind}>
            Bind
          </button>
          {binding?.kind !== 'any' ? (
            <button type="button" class="ct-btn ct-btn--small" onClick={() => onBind(bot, { kind: 'any' })}>
              Any symbol
            </button>
          ) : null}
          {binding !== null ? (
            <button type="button" class="ct-btn ct-btn--small" onClick={() => onBind(bot, null)}>
              Unbind
            </button>
          ) : null}
        </div>
        <p id={hintId} class={text !== '' && !valid ? 'ct-field-error' : 'ct-visually-hidden'}>
          {text !== '' && !valid
            ? 'A ticker: letters, digits and a dot, e.g. SPY or BRK.B.'
            : 'A ticker, e.g. SPY.'}
        </p>
      </td>
    </tr>
  );
}
