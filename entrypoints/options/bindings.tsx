import { useId, useState } from 'preact/hooks';
import type { Bot } from '../../lib/api/types';
import {
  type BotBinding,
  type BotBindings,
  bindingOf,
  suggestedUnderlying,
  TICKER,
} from '../../lib/bots/binding';
import { words } from '../../lib/words';

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
    return <p class="ct-muted">{words('bindingsNoBots')}</p>;
  }
  return (
    <table class="ct-table" data-testid="bot-bindings">
      <caption class="ct-muted">{words('bindingsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{words('botPickerLabel')}</th>
          <th scope="col">{words('bindingsTrades')}</th>
          <th scope="col">
            <span class="ct-visually-hidden">{words('bindingsChange')}</span>
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
          <span class="ct-muted">{words('bindingsNotBound')}</span>
        ) : binding.kind === 'any' ? (
          words('bindingsAnySymbol')
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
              {words('overlayBindTo', suggestion)}
            </button>
          ) : null}
          <label for={inputId} class="ct-visually-hidden">
            {words('bindingsUnderlyingFor', bot.name)}
          </label>
          <input
            id={inputId}
            class="ct-input ct-mono ct-number"
            placeholder={words('bindingsTicker')}
            value={text}
            aria-invalid={text !== '' && !valid ? true : undefined}
            aria-describedby={hintId}
            onInput={(e) => setText(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') bind();
            }}
          />
          <button type="button" class="ct-btn ct-btn--small" disabled={!valid} onClick={bind}>
            {words('bindingsBind')}
          </button>
          {binding?.kind !== 'any' ? (
            <button type="button" class="ct-btn ct-btn--small" onClick={() => onBind(bot, { kind: 'any' })}>
              {words('bindingsAny')}
            </button>
          ) : null}
          {binding !== null ? (
            <button type="button" class="ct-btn ct-btn--small" onClick={() => onBind(bot, null)}>
              {words('bindingsUnbind')}
            </button>
          ) : null}
        </div>
        <p id={hintId} class={text !== '' && !valid ? 'ct-field-error' : 'ct-visually-hidden'}>
          {words(text !== '' && !valid ? 'bindingsTickerInvalid' : 'bindingsTickerHint')}
        </p>
      </td>
    </tr>
  );
}
