import { useState } from 'preact/hooks';
import type { ViewState } from '../lib/messaging/protocol';
import type { FlattenPlan, FlattenReply } from '../lib/risk/types';
import { formatAgo } from './format';
import type { RiskAsk } from './risk-controls';
import './theme.css';
import './flatten-all.css';

/** Which rules are on, in one line. */
export function RiskGlance({ view }: { view: ViewState }) {
  const summary = view.risk?.summary ?? [];
  return (
    <p class="ct-risk__glance ct-muted" data-testid="risk-glance">
      Risk: {summary.length > 0 ? summary.join(' · ') : 'no rules on (set them in Settings → Risk)'}
    </p>
  );
}

const STATUS_TEXT: Record<FlattenReply['outcomes'][number]['status'], string> = {
  closed: 'closed',
  refused: 'refused',
  unknown: 'outcome unknown',
  held: 'not sent',
  notSent: 'waiting (not sent)',
};

/**
 * Flatten all, in the popup only: what it will close first, one confirmation, then one line per bot.
 * Nothing is sent later by itself: exits the budget cannot fit now are said to wait, and wait.
 */
export function FlattenAll({ ask, now }: { ask: RiskAsk; now: number }) {
  const [plan, setPlan] = useState<FlattenPlan | null>(null);
  const [reply, setReply] = useState<FlattenReply | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const open = () => {
    setReply(null);
    setError(null);
    ask({ type: 'flatten.plan' }).then(setPlan, fail);
  };
  const run = () => {
    if (!plan || busy) return;
    const bots = plan.bots.slice(0, plan.fits).map((b) => b.bot);
    if (bots.length === 0) return;
    setBusy(true);
    ask({ type: 'flatten.run', bots, confirmed: true })
      .then((r) => {
        setReply(r);
        setPlan(null);
      }, fail)
      .finally(() => setBusy(false));
  };

  if (reply) {
    return (
      <div class="ct-risk__flatten" role="status" data-testid="flatten-result">
        <strong>Flatten all</strong>
        <ul>
          {reply.outcomes.map((o) => (
            <li key={o.bot} data-status={o.status}>
              {o.name}: {STATUS_TEXT[o.status]}
              {o.status === 'closed' ? '' : ` — ${o.message}`}
            </li>
          ))}
        </ul>
        {reply.waiting > 0 ? <p>{reply.waiting} not sent: flatten again when the budget frees.</p> : null}
        <button type="button" class="ct-btn ct-btn--small" onClick={() => setReply(null)}>
          Done
        </button>
      </div>
    );
  }
  if (!plan) {
    return (
      <>
        <button
          type="button"
          class="ct-btn ct-btn--small ct-btn--danger"
          data-testid="flatten-all"
          onClick={open}
        >
          Flatten all…
        </button>
        {error ? <p class="ct-field-error">{error}</p> : null}
      </>
    );
  }
  const total = plan.bots.reduce((n, b) => n + (b.trades ?? 0), 0);
  return (
    <div class="ct-risk__flatten" role="alertdialog" aria-label="Flatten all?" data-testid="flatten-confirm">
      <strong>Close every bot's trades?</strong>
      {plan.bots.length === 0 ? (
        <p>
          No bot holds open trades{plan.tradesAt !== null ? ` (read ${formatAgo(plan.tradesAt, now)})` : ''}.
        </p>
      ) : (
        <>
          <ul>
            {plan.bots.map((b, i) => (
              <li key={b.bot} class={i >= plan.fits ? 'ct-muted' : ''}>
                {b.name}:{' '}
                {b.trades === null
                  ? 'its underlying is not known, all its trades'
                  : `${b.trades} open ${b.underlying} trade${b.trades === 1 ? '' : 's'}`}
                {i >= plan.fits ? ' — will wait (no budget)' : ''}
              </li>
            ))}
          </ul>
          <p class="ct-muted">
            One exit (close all) per bot{total > 0 ? `, ${total} trades known open` : ''}
            {plan.tradesAt !== null ? `, as read ${formatAgo(plan.tradesAt, now)}` : ''}. Each closes all of
            that bot's trades.
          </p>
          {plan.waiting > 0 ? (
            <p class="ct-field-error" data-testid="flatten-waiting">
              The request budget fits {plan.fits} now: {plan.waiting} will wait and are not sent later by
              themselves.
            </p>
          ) : null}
        </>
      )}
      <div class="ct-risk__buttons">
        {plan.fits > 0 ? (
          <button
            type="button"
            class="ct-btn ct-btn--small ct-btn--danger"
            data-testid="flatten-confirm-yes"
            disabled={busy}
            onClick={run}
          >
            {busy ? 'Closing…' : `Close ${plan.fits} bot${plan.fits === 1 ? '' : 's'}`}
          </button>
        ) : null}
        <button type="button" class="ct-btn ct-btn--small" onClick={() => setPlan(null)}>
          Cancel
        </button>
      </div>
      {error ? <p class="ct-field-error">{error}</p> : null}
    </div>
  );
}
