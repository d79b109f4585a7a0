import { useState } from 'preact/hooks';
import { withMaybePlaced } from '../lib/api/outcome-words';
import type { ApiError } from '../lib/api/types';
import type { BudgetView } from '../lib/messaging/protocol';
import { words } from '../lib/words';
import { formatClock, formatCountdown, formatNumber } from './format';
import type { OrderResult } from './order-sender';
import { type OrderContext, orderLabel } from './order-summary';
import { useNow } from './use-now';
import './theme.css';
import './result-line.css';

/** `reason: message` of a refusal, falling back to our own words when the API gave none. */
export function refusalText(error: ApiError | undefined, fallback: string): string {
  if (!error) return fallback;
  const parts = [error.reason, error.detail].filter((p): p is string => Boolean(p));
  // Some answers repeat the reason as the message ("Too Many Requests: Too Many Requests").
  if (parts.length === 2 && parts[0] === parts[1]) parts.pop();
  if (parts.length > 0) return parts.join(': ');
  return error.message || fallback;
}

type Tone = 'ok' | 'error' | 'warn' | 'info';

export const CLEAR_BLOCK_WARNING = words('rateLimitedClearWarning');

/** "Nothing is sent for 4:59" that counts itself down; says so when the block is over. */
export function Countdown({ until, label }: { until: number; label: string }) {
  const now = useNow(1000, until > Date.now() - 1000);
  const left = until - now;
  if (left <= 0) return <span data-testid="countdown-over">{words('rateLimitedOver')}</span>;
  return (
    <span data-testid="countdown">
      {label} <strong class="ct-mono">{formatCountdown(left)}</strong>{' '}
      {words('countdownUntil', formatClock(until))}
    </span>
  );
}

/**
 * The outcome of the last order: request id, reason and message, a 429 countdown or an unknown
 * outcome. Always a final state: nothing here spins.
 */
export function ResultLine({
  result,
  context,
  onDismiss,
  blockedUntil = null,
}: {
  result: OrderResult | null;
  context: OrderContext;
  onDismiss?: () => void;
  /** The 429 block the background holds now, counted down beside a rate-limited refusal. */
  blockedUntil?: number | null;
}) {
  if (!result) return null;
  const what = orderLabel(result.order, context);
  let tone: Tone;
  let body: preact.ComponentChildren;
  if ('cancelled' in result) {
    tone = 'info';
    body = words('orderCancelled', what);
  } else if ('failure' in result) {
    tone = 'warn';
    body = `${what}: ${result.failure}`;
  } else {
    const reply = result.reply;
    switch (reply.status) {
      case 'placed':
        tone = 'ok';
        body = (
          <>
            {words('orderSent', what)}{' '}
            <code class="ct-mono ct-result__id" data-testid="request-id">
              {reply.requestId}
            </code>
          </>
        );
        break;
      case 'refused':
        tone = 'error';
        body = (
          <>
            {words('orderRefused', what)}{' '}
            <span data-testid="refusal">{refusalText(reply.error, reply.message)}</span>
            {reply.error?.kind === 'rateLimited' && blockedUntil ? (
              <>
                {' · '}
                <Countdown until={blockedUntil} label={words('rateLimitedNothingSentFor')} />
              </>
            ) : null}
          </>
        );
        break;
      case 'unknown':
        tone = 'warn';
        // The background's message already says it is unknown and what to check: said once.
        body = `${what}: ${withMaybePlaced(/unknown/i.test(reply.message) ? reply.message : `${words('orderOutcomeUnknown')} ${reply.message}`)}`;
        break;
      case 'held':
        if ((reply.reason === 'blocked' || reply.reason === 'budget') && reply.until) {
          tone = 'warn';
          body = (
            <>
              {words('orderNotSent', what, reply.message)}{' '}
              <Countdown
                until={reply.until}
                label={
                  reply.reason === 'blocked' ? words('rateLimitedNothingSentFor') : words('budgetFreesIn')
                }
              />
            </>
          );
        } else {
          tone = reply.reason === 'inFlight' ? 'info' : 'error';
          const fields = reply.error?.fields ?? [];
          body = (
            <>
              {words('orderNotSent', what, reply.message)}
              {fields.length > 0 ? (
                <ul class="ct-result__fields">
                  {fields.map((f) => (
                    <li key={f.field}>
                      <span class="ct-mono">{f.field}</span>: {f.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          );
        }
        break;
    }
  }
  return (
    <div class={`ct-result ct-result--${tone}`} role="status" aria-live="polite" data-testid="result-line">
      <div class="ct-result__text">{body}</div>
      {onDismiss ? (
        <button
          type="button"
          class="ct-result__dismiss"
          aria-label={words('resultDismiss')}
          onClick={onDismiss}
        >
          ×
        </button>
      ) : null}
    </div>
  );
}

/**
 * How much of the rate budget is used, and the 429 block with its countdown while reads and
 * orders are held.
 */
export function BudgetLine({ budget, onClearBlock }: { budget: BudgetView; onClearBlock?: () => void }) {
  const now = useNow(1000);
  const [asking, setAsking] = useState(false);
  const blocked = budget.blockedUntil !== null && budget.blockedUntil > now;
  return (
    <div class={`ct-budget ${blocked ? 'ct-budget--blocked' : ''}`} data-testid="budget-line">
      {blocked && budget.blockedUntil !== null ? (
        <span role="alert">
          <Countdown until={budget.blockedUntil} label={words('rateLimitedHeldFor')} />
          {onClearBlock && !asking ? (
            <button type="button" class="ct-link" data-testid="clear-block" onClick={() => setAsking(true)}>
              {words('rateLimitedClearAsk')}
            </button>
          ) : null}
          {onClearBlock && asking ? (
            <span data-testid="clear-block-warning">
              {' '}
              {CLEAR_BLOCK_WARNING}{' '}
              <button
                type="button"
                data-testid="clear-block-confirm"
                onClick={() => {
                  setAsking(false);
                  onClearBlock();
                }}
              >
                {words('rateLimitedClear')}
              </button>{' '}
              <button type="button" onClick={() => setAsking(false)}>
                {words('rateLimitedKeep')}
              </button>
            </span>
          ) : null}
        </span>
      ) : (
        <span class="ct-muted">
          {words('budgetUsed', formatNumber(budget.used, 0), formatNumber(budget.share, 0))}
        </span>
      )}
    </div>
  );
}
