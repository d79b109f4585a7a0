import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { BotList } from '../../components/bot-row';
import { OrderConfirmation } from '../../components/confirm-dialog';
import { FlattenAll, RiskGlance } from '../../components/flatten-all';
import { formatAgo, formatClock } from '../../components/format';
import { ModeMark, PaperBanner } from '../../components/mode-mark';
import type { OrderContext } from '../../components/order-summary';
import { BudgetLine, ResultLine } from '../../components/result-line';
import { entryLabel, entryOffReason, PauseSwitch } from '../../components/risk-controls';
import { TradeList } from '../../components/trade-row';
import { useNow } from '../../components/use-now';
import type { Order } from '../../lib/api/types';
import { anySymbolNote, totalsByBot } from '../../lib/bots/trade-totals';
import { words } from '../../lib/words';
import { JournalView, loadJournal } from './journal';
import { PopupTicket } from './popup-ticket';
import { disabledReason, type PopupState, type PopupTab } from './state';

const TABS: { id: PopupTab; label: string }[] = [
  { id: 'trade', label: words('trade') },
  { id: 'custom', label: words('popupTabCustom') },
  { id: 'journal', label: words('popupTabJournal') },
];

function Tabs({ state }: { state: PopupState }) {
  const current = state.tab.value;
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (delta: number) => {
    const i = TABS.findIndex((t) => t.id === current);
    const next = TABS[(i + delta + TABS.length) % TABS.length];
    if (!next) return;
    state.tab.value = next.id;
    refs.current[TABS.indexOf(next)]?.focus();
  };
  return (
    <div class="ct-tabs" role="tablist" aria-label={words('popupTabsLabel')}>
      {TABS.map((tab, i) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={current === tab.id}
          aria-controls={`panel-${tab.id}`}
          tabIndex={current === tab.id ? 0 : -1}
          class="ct-tab"
          onClick={() => {
            state.tab.value = tab.id;
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(1);
            else if (e.key === 'ArrowLeft') move(-1);
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

export function openSettings(): void {
  void browser.runtime.openOptionsPage();
}

/**
 * How long the first draw (first-draw.ts) stays on screen for a background that does not answer;
 * then this view shows the same cached state itself, order buttons still off, with its tabs and
 * Refresh reachable.
 */
export const FIRST_VIEW_HOLD_MS = 3000;

export interface PopupAppProps {
  state: PopupState;
  /** The first draw's host: kept as it is until the background answers, then emptied as this view commits. */
  firstView?: HTMLElement;
}

/** The toolbar popup: the book at a glance and every order a click away. */
export function PopupApp({ state, firstView }: PopupAppProps) {
  const view = state.connection.state.value;
  const fromBackground = state.connection.live.value;
  const now = useNow(1000);
  const result = state.sender.result.value;
  const [heldTooLong, setHeldTooLong] = useState(false);
  // Nothing of this view is drawn while the first draw shows the same saved data: no second
  // drawing of it, and no frame with both or neither.
  const holding = firstView !== undefined && !fromBackground && !heldTooLong;

  useEffect(() => {
    if (!holding) return;
    const timer = setTimeout(() => setHeldTooLong(true), FIRST_VIEW_HOLD_MS);
    return () => clearTimeout(timer);
  }, [holding]);
  // In the same commit as this view's first drawing, before the browser paints.
  useLayoutEffect(() => {
    if (!holding) firstView?.replaceChildren();
  }, [holding, firstView]);

  // After each order, the journal tab shows it without a manual reload.
  useEffect(() => {
    if (result && state.tab.value === 'journal') void loadJournal(state);
  }, [result, state]);

  if (holding) return null;
  if (!view) {
    return (
      <div class="ct-root ct-popup" aria-busy="true">
        <p class="ct-muted ct-popup__loading">{words('viewLoading')}</p>
      </div>
    );
  }

  const context: OrderContext = { bots: view.bots, trades: view.openTrades, bindings: view.bindings };
  const off = disabledReason(view, fromBackground, now);
  // Entries only: a risk rule never greys an exit.
  const entryOff = fromBackground ? entryOffReason(view, now) : null;
  const inFlight = view.inFlight;
  const actions = {
    // Saved rows never send: only a view the background has spoken to orders.
    onOrder: (order: Order) => {
      if (!fromBackground) return;
      // Rows that moved a moment ago put another button under a pointer that stayed put.
      if (state.layout.movedWithin(state.settleMs)) {
        state.notice.value = words('clickRowsMoved');
        return;
      }
      if (state.notice.value === words('clickRowsMoved')) state.notice.value = null;
      void state.sender.send(order);
    },
    isBusy: (order: Order) => state.sender.isBusy(order, inFlight),
    disabledReason: off,
  };
  const refresh = async () => {
    state.refreshing.value = true;
    try {
      await state.ask({ type: 'reads.refresh' });
      state.notice.value = null;
    } catch (error) {
      state.notice.value = error instanceof Error ? error.message : String(error);
    } finally {
      state.refreshing.value = false;
    }
  };
  const tab = state.tab.value;
  // Until the background speaks, what is shown is the saved read, and says so (as the first draw did).
  const savedTimes = [view.tradesAt, view.botsAt].filter((t): t is number => t !== null);
  const savedAt = savedTimes.length > 0 ? Math.min(...savedTimes) : null;
  const needsSecret = view.mode === 'live' && fromBackground && !view.hasSecret;

  return (
    <div class={`ct-root ct-popup ct-popup--${view.mode}`}>
      <header class="ct-popup__header">
        <ModeMark mode={view.mode} />
        <span class="ct-popup__title">{words('popupTitle')}</span>
        {view.user ? (
          <span class="ct-popup__user ct-muted" title={view.user} data-testid="account-user">
            {view.user}
          </span>
        ) : null}
        <span class="ct-popup__spacer" />
        <button
          type="button"
          class="ct-btn ct-btn--small"
          onClick={() => void refresh()}
          disabled={
            state.refreshing.value || (view.budget.blockedUntil !== null && view.budget.blockedUntil > now)
          }
        >
          {words('popupRefresh')}
        </button>
        <button type="button" class="ct-btn ct-btn--small" onClick={openSettings}>
          {words('popupSettings')}
        </button>
      </header>
      <PaperBanner mode={view.mode} />
      <div class="ct-popup__status">
        <BudgetLine
          budget={view.budget}
          onClearBlock={() => void state.ask({ type: 'budget.clearBlock' }).catch(() => {})}
        />
        {needsSecret ? (
          <p class="ct-popup__warn" role="alert">
            {words('popupLiveNeedsSecret')}{' '}
            <button type="button" class="ct-link" onClick={openSettings}>
              {words('popupOpenSettings')}
            </button>
          </p>
        ) : null}
        {!fromBackground && savedAt !== null ? (
          <p class="ct-muted ct-popup__cached" role="status" data-testid="cached-note">
            {words('popupCachedAsOf', formatClock(savedAt), formatAgo(savedAt, now))}
          </p>
        ) : null}
        {view.readError ? (
          <p class="ct-field-error" data-testid="read-error">
            {words('popupCouldNotRefresh', view.readError.message)}
          </p>
        ) : null}
        {fromBackground ? (
          <div class="ct-risk__bar" data-testid="risk-bar">
            <PauseSwitch
              view={view}
              ask={state.ask}
              onError={(message) => {
                state.notice.value = message;
              }}
            />
            <FlattenAll ask={state.ask} now={now} />
          </div>
        ) : null}
        {fromBackground ? <RiskGlance view={view} /> : null}
        {entryOff ? (
          <p class="ct-popup__warn" role="status" data-testid="entries-off">
            {entryOff}
          </p>
        ) : null}
        {state.notice.value ? <p class="ct-field-error">{state.notice.value}</p> : null}
        {view.notices.length > 0 ? (
          <div class="ct-popup__warn" role="status" data-testid="stored-notices">
            {view.notices.map((text) => (
              <p key={text}>{text}</p>
            ))}
            <button
              type="button"
              class="ct-btn ct-btn--small"
              onClick={() => void state.ask({ type: 'notices.dismiss' }).catch(() => {})}
            >
              {words('popupDismissNotices')}
            </button>
          </div>
        ) : null}
      </div>
      <Tabs state={state} />
      <div class="ct-popup__panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'trade' ? (
          <>
            <h2 class="ct-popup__h">
              {words('popupOpenTradesHeading')} <span class="ct-muted">({view.openTrades.length})</span>
            </h2>
            <TradeList
              trades={view.openTrades}
              now={now}
              refreshedAt={view.tradesAt}
              timeZone={view.settings.timeZone}
              totals={totalsByBot(view.openTrades, view.bots, view.bindings)}
              totalsNote={anySymbolNote(view.bots, view.bindings)}
              {...actions}
            />
            <h2 class="ct-popup__h">
              {words('popupBotsHeading')} <span class="ct-muted">({view.bots.length})</span>
              {view.botsAt !== null ? (
                <span class="ct-popup__sub ct-muted">
                  {' '}
                  · {words('popupBotsRead', formatAgo(view.botsAt, now))}
                </span>
              ) : null}
            </h2>
            <BotList
              bots={view.bots}
              defaultBot={view.settings.defaultBot}
              emptyText={
                view.mode === 'live' && !view.hasSecret ? words('popupBotsNeedSecret') : words('popupNoBots')
              }
              entryOff={entryOff}
              enterLabel={entryLabel(words('orderEnter'), view, now)}
              {...actions}
            />
          </>
        ) : tab === 'custom' ? (
          <PopupTicket view={view} ask={state.ask} now={now} {...actions} disabledReason={off ?? entryOff} />
        ) : (
          <JournalView state={state} />
        )}
      </div>
      {result ? (
        <div class="ct-popup__toast">
          <ResultLine
            result={result}
            context={context}
            blockedUntil={view.budget.blockedUntil}
            onDismiss={() => state.sender.clearResult()}
          />
        </div>
      ) : null}
      <OrderConfirmation sender={state.sender} mode={view.mode} context={context} />
    </div>
  );
}
