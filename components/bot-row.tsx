import { useId } from 'preact/hooks';
import type { Bot, BotId, CloseRule, Order } from '../lib/api/types';
import { words } from '../lib/words';
import type { OrderActions } from './trade-row';
import './theme.css';
import './trade-row.css';
import './bot-row.css';

export interface BotRowProps extends OrderActions {
  bot: Bot;
  /** Show the bot's Close all / newest / oldest buttons. */
  showClose?: boolean;
  isDefault?: boolean;
  /** Why entries are off (a risk rule) while exits stay on, and what Enter says meanwhile. */
  entryOff?: string | null;
  enterLabel?: string;
}

const CLOSE_RULES: { rule: CloseRule; label: string }[] = [
  { rule: 'all', label: words('orderCloseAll') },
  { rule: 'newest', label: words('orderCloseNewest') },
  { rule: 'oldest', label: words('orderCloseOldest') },
];

/**
 * One bot: name, strategy, broker, id, and "Enter" with the bot's own settings. Every button keeps its
 * plain name ("Enter", "Close all"); the bot it acts on is its description.
 */
export function BotRow({
  bot,
  onOrder,
  isBusy,
  disabledReason,
  showClose = true,
  isDefault,
  entryOff,
  enterLabel = words('orderEnter'),
}: BotRowProps) {
  const nameId = useId();
  const enter: Order = { kind: 'enterBot', bot: bot.id };
  const off = Boolean(disabledReason);
  return (
    <li class="ct-bot" data-testid="bot-row" data-bot-id={bot.id}>
      <div class="ct-bot__info">
        <span class="ct-bot__name" id={nameId}>
          {bot.name}
        </span>
        {isDefault ? <span class="ct-bot__tag">{words('botDefaultTag')}</span> : null}
        <span class="ct-bot__meta ct-muted">
          {bot.strategy}
          {bot.broker ? ` · ${bot.broker}` : ''} · #{bot.id}
        </span>
      </div>
      <div class="ct-bot__actions">
        <button
          type="button"
          class="ct-btn ct-btn--small ct-btn--primary"
          aria-describedby={nameId}
          disabled={off || Boolean(entryOff) || isBusy(enter)}
          title={disabledReason ?? entryOff ?? words('botEnterTitle')}
          onClick={() => onOrder(enter)}
        >
          {enterLabel}
        </button>
        {showClose
          ? CLOSE_RULES.map(({ rule, label }) => {
              const order: Order = { kind: 'closeBot', bot: bot.id, close: rule };
              return (
                <button
                  key={rule}
                  type="button"
                  class="ct-btn ct-btn--small"
                  aria-describedby={nameId}
                  disabled={off || isBusy(order)}
                  title={disabledReason ?? undefined}
                  onClick={() => onOrder(order)}
                >
                  {label}
                </button>
              );
            })
          : null}
      </div>
    </li>
  );
}

export interface BotListProps extends OrderActions {
  bots: readonly Bot[];
  defaultBot?: BotId | null;
  showClose?: boolean;
  emptyText?: string;
  entryOff?: string | null;
  enterLabel?: string;
}

export function BotList({ bots, defaultBot, showClose, emptyText, ...actions }: BotListProps) {
  if (bots.length === 0) return <p class="ct-muted">{emptyText ?? words('botNone')}</p>;
  return (
    <ul class="ct-bots__list" aria-label={words('popupBotsHeading')}>
      {bots.map((bot) => (
        <BotRow key={bot.id} bot={bot} isDefault={bot.id === defaultBot} showClose={showClose} {...actions} />
      ))}
    </ul>
  );
}

export interface BotPickerProps {
  bots: readonly Bot[];
  value: BotId | null;
  onChange: (bot: BotId | null) => void;
  label?: string;
  /** Offer "none" (e.g. no default bot). */
  allowNone?: boolean;
  noneLabel?: string;
  invalid?: boolean;
  describedBy?: string;
  disabled?: boolean;
}

/** A labelled choice of bot, by name with strategy and id, for custom entries and the overlay. */
export function BotPicker({
  bots,
  value,
  onChange,
  label = words('botPickerLabel'),
  allowNone = true,
  noneLabel = words('botPickerNone'),
  invalid,
  describedBy,
  disabled,
}: BotPickerProps) {
  const id = useId();
  const known = value !== null && bots.some((b) => b.id === value);
  return (
    <span class="ct-bot-picker">
      <label for={id} class="ct-bot-picker__label">
        {label}
      </label>
      <select
        id={id}
        class="ct-select"
        value={value === null ? '' : String(value)}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        disabled={disabled}
        onChange={(e) => {
          const text = e.currentTarget.value;
          const bot = bots.find((b) => String(b.id) === text);
          onChange(bot ? bot.id : null);
        }}
      >
        {allowNone || value === null ? <option value="">{noneLabel}</option> : null}
        {value !== null && !known ? (
          <option value={String(value)}>{words('botPickerUnknown', value)}</option>
        ) : null}
        {bots.map((bot) => (
          <option key={bot.id} value={String(bot.id)}>
            {bot.name} · {bot.strategy} · #{bot.id}
          </option>
        ))}
      </select>
    </span>
  );
}
