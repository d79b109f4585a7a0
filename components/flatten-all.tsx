import { useState } from 'preact/hooks';
import type { ViewState } from '../lib/messaging/protocol';
import type { FlattenPlan, FlattenReply } from '../lib/risk/types';
import { type WordKey, words } from '../lib/words';
import { formatAgo, formatNumber } from './format';
import type { RiskAsk } from './risk-controls';
import './theme.css';
import './flatten-all.css';

/** Which rules are on, in one line. */
export function RiskGlance({ view }: { view: ViewState }) {
  const summary = view.risk?.summary ?? [];
  return (
    <p class="ct-risk__glance ct-muted" data-testid="risk-glance">
      {words('riskGlance', summary.length > 0 ? summary.join(' · ') : words('riskGlanceNone'))}
    </p>
  );
}

const STATUS_TEXT: Record<FlattenReply['outcomes'][number]['status'], WordKey> = {
  closed: 'flattenStatusClosed',
  refused: 'journalStatusRefused',
  unknown: 'flattenStatusUnknown',
  held: 'flattenStatusHeld',
  notSent: 'flattenStatusWaiting',
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
        <strong>{words('flattenTitle')}</strong>
        <ul>
          {reply.outcomes.map((o) => (
            <li key={o.bot} data-status={o.status}>
              {o.name}: {words(STATUS_TEXT[o.status])}
              {o.status === 'closed' ? '' : ` — ${o.message}`}
            </li>
          ))}
        </ul>
        {reply.waiting > 0 ? <p>{words('flattenWaitingAfter', formatNumber(reply.waiting, 0))}</p> : null}
        <button type="button" class="ct-btn ct-btn--small" onClick={() => setReply(null)}>
          {words('flattenDone')}
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
          {words('flattenAsk')}
        </button>
        {error ? <p class="ct-field-error">{error}</p> : null}
      </>
    );
  }
  const total = plan.bots.reduce((n, b) => n + (b.trades ?? 0), 0);
  return (
    <div
      class="ct-risk__flatten"
      role="alertdialog"
      aria-label={words('flattenConfirmLabel')}
      data-testid="flatten-confirm"
    >
      <strong>{words('flattenConfirmTitle')}</strong>
      {plan.bots.length === 0 ? (
        <p>
          {plan.tradesAt !== null
            ? words('flattenNoneRead', formatAgo(plan.tradesAt, now))
            : words('flattenNone')}
        </p>
      ) : (
        <>
          <ul>
            {plan.bots.map((b, i) => (
              <li key={b.bot} class={i >= plan.fits ? 'ct-muted' : ''}>
                {b.name}:{' '}
                {b.trades === null
                  ? words('flattenUnderlyingUnknown')
                  : words(
                      b.trades === 1 ? 'flattenOpenTradesOne' : 'flattenOpenTrades',
                      formatNumber(b.trades, 0),
                      b.underlying ?? '',
                    )}
                {i >= plan.fits ? ` — ${words('flattenWillWait')}` : ''}
              </li>
            ))}
          </ul>
          <p class="ct-muted">
            {words(
              'flattenPlanNote',
              [
                total > 0 ? words('flattenKnownOpen', formatNumber(total, 0)) : '',
                plan.tradesAt !== null ? words('flattenAsRead', formatAgo(plan.tradesAt, now)) : '',
              ].join(''),
            )}
          </p>
          {plan.waiting > 0 ? (
            <p class="ct-field-error" data-testid="flatten-waiting">
              {words('flattenBudgetFits', formatNumber(plan.fits, 0), formatNumber(plan.waiting, 0))}
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
            {busy
              ? words('flattenClosing')
              : words(
                  plan.fits === 1 ? 'flattenCloseBotsOne' : 'flattenCloseBots',
                  formatNumber(plan.fits, 0),
                )}
          </button>
        ) : null}
        <button type="button" class="ct-btn ct-btn--small" onClick={() => setPlan(null)}>
          {words('cancel')}
        </button>
      </div>
      {error ? <p class="ct-field-error">{error}</p> : null}
    </div>
  );
}
