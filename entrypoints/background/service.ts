import { summarizeOrder } from '@/components/order-summary';
import type { Api } from '@/lib/api/client';
import { withMaybePlaced } from '@/lib/api/outcome-words';
import { isSecretShape, redactSecret } from '@/lib/api/redact';
import type { ApiError, ApiResult, BotId, Order } from '@/lib/api/types';
import { orderCall, validateOrder } from '@/lib/api/validate';
import { type BotBinding, bindingProblem, boundUnderlying, orderUnderlying } from '@/lib/bots/binding';
import type { ChartReport } from '@/lib/chart/types';
import { applySymbolMap } from '@/lib/chart/underlying';
import {
  type ExportReply,
  type FrameProblem,
  type JournalEntry,
  type Mode,
  NOT_OUR_FRAME,
  type OrderCheck,
  type OrderReply,
  type OrderSource,
  orderKey,
  type RereadReply,
  type Settings,
  type TestConnectionReply,
  type ViewState,
} from '@/lib/messaging/protocol';
import { pastExpirationProblems } from '@/lib/options/calendar';
import { addNotice, noticesSchema, readChecked } from '@/lib/storage/checked';
import { emptyReadCache, noticesItem, type RateBudgetState, type ReadCache } from '@/lib/storage/items';
import { journalAside } from '@/lib/storage/journal-entries';
import { setTogether } from '@/lib/storage/mirror';
import { type WordKey, words } from '@/lib/words';
import type { Connection, Connections } from './connection';
import { createJournal, journalCsv, journalJson, UNKNOWN_OUTCOME } from './journal';
import { createLock } from './locked';
import { createOrderGuard } from './order-guard';
import {
  type BudgetRules,
  blockAfter429,
  createJumpWatch,
  decide,
  inWindow,
  type RequestClass,
  readAllowance,
  settle,
  shift,
  spend,
  view,
  WINDOW_MS,
} from './rate-budget';
import { isBoundFrame } from './sender';
import { createWindowConfirms, UNPROVEN_NOTE, type WindowOpener } from './window-confirm';

/** What the page did to the overlay frame, as the trader reads it. */
const FRAME_DONE: Record<FrameProblem, WordKey> = {
  zoom: 'bgFrameZoom',
  transform: 'bgFrameTransform',
  opacity: 'bgFrameOpacity',
  filter: 'bgFrameFilter',
  clip: 'bgFrameClip',
  hidden: 'bgFrameHidden',
  covered: 'bgFrameCovered',
  offscreen: 'bgFrameOffscreen',
  moved: 'bgFrameMoved',
  missing: 'bgFrameMissing',
};

/** What the trader reads when the page distorts, covers or moves the overlay frame: nothing was sent. */
export function frameProblemWords(problem: FrameProblem): string {
  return words('bgFrameNotSent', words(FRAME_DONE[problem]));
}

/** The confirmation window's note for a Live order whose click-time frame check failed. */
export function frameProblemNote(problem: FrameProblem): string {
  return words('confirmFrameNote', words(FRAME_DONE[problem]));
}

import { createFlatten, createRisk } from './risk';

/** An order still unanswered this long after it was sent shows as in flight in every view. */
export const IN_FLIGHT_PUSH_MS = 100;

/** Bots change rarely; open trades change with every order and the bots' own management. */
const BOTS_MAX_AGE_MS = 5 * 60_000;

export interface OrderRequest {
  order: Order;
  from: OrderSource;
  confirmed: boolean;
  chartSymbol?: string;
  /** The chart tab the order came from (overlay or shortcut). */
  tabId: number | null;
  /** The guard state the trader's confirmation was given against (from `order.check` or a held reply). */
  guardToken?: string;
  /** The overlay frame the order came from (the tab's bound frame); the re-read must still name it. */
  frame?: { frameId: number; frameKey?: string };
  /**
   * Set by the confirmation window alone (window-confirm.ts), never from a message: the trader
   * confirmed this Live overlay order in the extension's own window, so how the page showed the
   * panel no longer matters. The frame must still be ours and the chart still on the symbol.
   */
  confirmedIn?: 'window';
}

export const STORAGE_FAILED = words('bgStorageFailed');

export interface ServiceDeps {
  connections: Connections;
  now: () => number;
  /**
   * A clock no one can set (performance.now in the worker): with it, a jump of the wall clock within
   * the worker's life is seen and the rate window kept in real time. Without it, no jump is detected.
   */
  monotonic?: () => number;
  /** Ask the chart tab's content script to read the symbol again, now. */
  /** Ask the chart tab's content script to read the symbol (and check our frame) again, now. */
  rereadChart: (tabId: number) => Promise<RereadReply | null>;
  /** Something the views show changed. */
  onChange: () => void;
  /**
   * True where no view can prove the overlay was visible when clicked (Firefox: no
   * IntersectionObserver v2): every Live overlay order is then confirmed in the extension's window.
   */
  visibilityUnproven?: boolean;
  /** Opens the extension's confirmation window (browser.windows); without it such orders are not sent. */
  confirmWindow?: WindowOpener;
}

/**
 * The background's one service: every request to the API goes through here, in one direction:
 * guard → budget → client → journal. Views only ever see its results.
 */
export function createService(deps: ServiceDeps) {
  const { connections, now } = deps;
  const budgetLock = createLock();
  const cacheLock = createLock();
  const { store } = connections;
  const journal = createJournal(createLock(), store);
  const guard = createOrderGuard(now, store);
  let readsInFlight: Promise<void> | null = null;
  /** Reads an order started after a read already in flight: `settled` waits for them too. */
  const followUps = new Set<Promise<void>>();

  const settings = () => store.settings.get();
  /** Paper and Live spend apart: a Live 429 never holds a Paper order, and Paper never spends Live's limit. */
  const budgetItem = (mode: Mode) => (mode === 'live' ? store.rateBudget : store.paperRateBudget);
  const clockJump = deps.monotonic ? createJumpWatch(now, deps.monotonic) : () => 0;
  /** For what a view shows: read only, clamped as `settle` says (nothing written outside the lock). */
  const budgetState = async (mode: Mode) => settle(await budgetItem(mode).get(), now());
  /**
   * Under budgetLock only: this mode's budget as it stands now. A wall-clock jump seen within the
   * worker's life moves every stored time with it (a set-back clock must not hold an exit for an
   * hour, a forward one must not empty the window); the clamps are stored so they happen once.
   */
  async function budgetNow(mode: Mode): Promise<RateBudgetState> {
    const delta = clockJump();
    if (delta !== 0) {
      for (const m of ['paper', 'live'] as const)
        await budgetItem(m).set(shift(await budgetItem(m).get(), delta));
    }
    const raw = await budgetItem(mode).get();
    const settled = settle(raw, now());
    if (JSON.stringify(settled) !== JSON.stringify(raw)) await budgetItem(mode).set(settled);
    return settled;
  }
  const rulesOf = (s: Settings): BudgetRules => ({ share: s.budgetShare, reserve: s.orderReserve });

  async function cacheFor(mode: Mode): Promise<ReadCache> {
    const cache = await store.readCache.get();
    return cache && cache.mode === mode ? cache : emptyReadCache(mode);
  }

  function updateCache(mode: Mode, patch: Partial<ReadCache>): Promise<void> {
    return cacheLock(async () => {
      await store.readCache.set({ ...(await cacheFor(mode)), ...patch, mode });
    });
  }

  /** Take one request from the budget, or say why not. Nothing waits: a refused request is not sent. */
  function take(
    kind: RequestClass,
    mode: Mode,
  ): Promise<{ ok: true } | { ok: false; reason: 'blocked' | 'budget'; until: number }> {
    return budgetLock(async () => {
      const [state, s] = await Promise.all([budgetNow(mode), settings()]);
      const t = now();
      const decision = decide(state, t, kind, rulesOf(s));
      if (decision.ok) await budgetItem(mode).set(spend(state, t));
      return decision;
    });
  }

  async function noteAnswer(error: ApiError | null, mode: Mode): Promise<void> {
    if (error?.kind !== 'rateLimited') return;
    await budgetLock(async () => {
      await budgetItem(mode).set(blockAfter429(await budgetNow(mode), now(), error.retryAfterSeconds));
    });
  }

  async function read<T>(
    api: Api,
    mode: Mode,
    call: (api: Api) => Promise<ApiResult<T>>,
  ): Promise<ApiResult<T> | null> {
    const slot = await take('read', mode);
    if (!slot.ok) return null;
    const result = await call(api);
    await noteAnswer(result.ok ? null : result.error, mode);
    return result;
  }

  /** Refresh bots (when old) and open trades, once for all views, within the budget. */
  function refreshReads(force = false): Promise<void> {
    if (readsInFlight) return readsInFlight;
    readsInFlight = (async () => {
      const conn = await connections.current();
      if (!conn.api) return;
      const cache = await cacheFor(conn.mode);
      const t = now();
      if (force || cache.botsAt === null || t - cache.botsAt > BOTS_MAX_AGE_MS) {
        const bots = await read(conn.api, conn.mode, (api) => api.getBots());
        if (bots) {
          await updateCache(
            conn.mode,
            bots.ok
              ? { user: bots.value.user, bots: bots.value.bots, botsAt: now(), readError: null }
              : { readError: bots.error },
          );
        }
      }
      const trades = await read(conn.api, conn.mode, (api) => api.getTrades());
      if (trades) {
        await updateCache(
          conn.mode,
          trades.ok
            ? { openTrades: trades.value, tradesAt: now(), readError: null }
            : { readError: trades.error },
        );
      }
    })()
      .catch(() => undefined)
      .finally(() => {
        readsInFlight = null;
        deps.onChange();
      });
    return readsInFlight;
  }

  /**
   * A read of the account as it is from now on. A read already in flight asked before now (before an
   * order went out), so its answer cannot show that order's trade: it is followed by another, or the
   * new trade would wait for the next scheduled read and the double-entry check would compare
   * against the old list.
   */
  function readsAfterNow(): Promise<void> {
    const earlier = readsInFlight;
    const read = earlier ? earlier.then(() => refreshReads()) : refreshReads();
    const followUp = read.finally(() => followUps.delete(followUp));
    followUps.add(followUp);
    return followUp;
  }

  /**
   * Read slots the budget of the mode in use has now: none during a 429 block, and never any of the
   * order reserve (`readAllowance`). What a scheduled read checks before it asks for one.
   */
  async function readRoom(): Promise<number> {
    const mode = await connections.mode();
    const [state, s] = await Promise.all([budgetState(mode), settings()]);
    const t = now();
    if (state.blockedUntil !== null && t < state.blockedUntil) return 0;
    return Math.max(0, readAllowance(rulesOf(s)) - inWindow(state, t).length);
  }

  /** When the open trades of the mode in use were last read, or null. */
  async function tradesAt(): Promise<number | null> {
    return (await cacheFor(await connections.mode())).tradesAt;
  }

  /** The trader's binding of each bot to an underlying, read now (issue 13's bindings). */
  const boundNow = async () => {
    const bindings = await store.bindings.get();
    return (bot: BotId) => boundUnderlying(bindings, bot);
  };
  const risk = createRisk({
    now,
    journal: () => journal.list(),
    reads: cacheFor,
    refresh: () => refreshReads(),
    timeZone: async () => (await settings()).timeZone,
    bound: boundNow,
    onChange: () => deps.onChange(),
  });

  async function viewState(): Promise<ViewState> {
    const mode = await connections.mode();
    const [s, budget, keyring, notices, bindings] = await Promise.all([
      settings(),
      budgetState(mode),
      connections.secretInfo(),
      readChecked<string[]>(noticesItem, noticesSchema, words('storedNameNotices')),
      store.bindings.get(),
    ]);
    const [cache, riskView] = await Promise.all([cacheFor(mode), risk.view(mode)]);
    return {
      risk: riskView,
      mode,
      hasSecret: keyring.secret !== null,
      secretSavedAt: keyring.secret?.savedAt ?? null,
      secretSessionOnly: keyring.sessionOnly,
      user: cache.user,
      bots: cache.bots,
      openTrades: cache.openTrades,
      botsAt: cache.botsAt,
      tradesAt: cache.tradesAt,
      readError: cache.readError,
      budget: view(budget, now(), rulesOf(s)),
      settings: s,
      bindings,
      inFlight: guard.inFlight(),
      notices,
    };
  }

  function held(
    reason: Extract<OrderReply, { status: 'held' }>['reason'],
    message: string,
    extra = {},
  ): OrderReply {
    return { status: 'held', reason, message, ...extra };
  }

  /** The tab's answer, or null when it gives none (a failed ask is no answer, never an unhandled error). */
  function rereadOf(tabId: number): Promise<RereadReply | null> {
    return deps.rereadChart(tabId).catch(() => null);
  }

  /** Is the chart the order came from still showing what the trader saw when they clicked? */
  async function chartProblem(
    req: OrderRequest,
    s: Settings,
    reread: Promise<RereadReply | null> | null,
  ): Promise<
    | { reason: 'symbol' | 'notOurFrame'; message: string }
    | { reason: 'covered'; message: string; problem: FrameProblem }
    | null
  > {
    if (req.from === 'popup') return null;
    const symbol = (message: string) => ({ reason: 'symbol' as const, message });
    if (req.tabId === null || reread === null) return symbol(words('bgChartGone'));
    const answer = await reread;
    if (!answer) return symbol(words('bgChartUnread'));
    // The same answer says whether the frame that clicked is still ours and plainly shown: no extra
    // round trip on the click path.
    if (req.from === 'overlay') {
      if (req.frame === undefined || !isBoundFrame(answer, req.frame.frameId, req.frame.frameKey))
        return { reason: 'notOurFrame', message: NOT_OUR_FRAME };
      // Confirmed in the extension's window: what the page does to the panel no longer matters.
      if (answer.frameProblem !== null && req.confirmedIn !== 'window')
        return {
          reason: 'covered',
          message: frameProblemWords(answer.frameProblem),
          problem: answer.frameProblem,
        };
    }
    const problem = symbolProblem(applySymbolMap(answer.report, s.symbolMap), req);
    return problem === null ? null : symbol(problem);
  }

  function symbolProblem(report: ChartReport, req: OrderRequest): string | null {
    if (report.state !== 'ready' || !report.underlying) return report.reason || words('bgChartNotSettled');
    if (req.chartSymbol === undefined) return words('bgOrderNoSymbol');
    if (report.underlying !== req.chartSymbol) {
      return words('bgChartChanged', report.underlying, req.chartSymbol);
    }
    return null;
  }

  /** The 429 block or the spent budget, said as the trader needs to hear it; null when an order may go. */
  function budgetHold(state: RateBudgetState, t: number, s: Settings): OrderReply | null {
    const decision = decide(state, t, 'order', rulesOf(s));
    if (decision.ok) return null;
    return decision.reason === 'blocked'
      ? held('blocked', words('bgCoolingDown'), { until: decision.until })
      : held('budget', words('bgBudgetSpent'), { until: decision.until });
  }

  /**
   * Everything that would hold this order, in the order a trader should hear it. Used to send
   * (`placeOrder`) and to ask before a confirmation is shown (`checkOrder`), so a Live
   * confirmation can already say "the same order was sent 3 s ago".
   */
  async function holds(req: OrderRequest): Promise<{ hold: OrderReply | null; conn: Connection }> {
    const { order } = req;
    // The chart tab is asked at once, beside the checks below: its answer is judged after them, and
    // its round trip no longer adds to theirs on the click path.
    const reread = req.from === 'popup' || req.tabId === null ? null : rereadOf(req.tabId);
    const [conn, s, bindings] = await Promise.all([connections.current(), settings(), store.bindings.get()]);
    const fields = [...validateOrder(order), ...pastExpirationProblems(order, now())];
    if (fields.length > 0) {
      const message = fields.map((f) => f.message).join(' ');
      return {
        conn,
        hold: held('invalid', message, { error: { kind: 'invalid', message, fields } satisfies ApiError }),
      };
    }
    // A chart order (overlay or shortcut) enters and closes only through a bot bound to the chart's
    // underlying: the views filter their bots, and this is the rule itself. The symbol is the one
    // clicked on; chartProblem below checks the chart still shows it.
    const chart = req.from === 'popup' ? null : (req.chartSymbol ?? '?');
    const names = (await cacheFor(conn.mode)).bots;
    const unbound = bindingProblem(order, bindings, chart, (bot) => {
      const found = names.find((b) => b.id === bot);
      return found ? `${found.name} (#${bot})` : words('botById', bot);
    });
    if (unbound) return { conn, hold: held('unbound', unbound) };
    if (!conn.api) return { conn, hold: held('noSecret', words('liveNeedsSecretOpenSettings')) };
    // The trader's own rules come before any confirmation: an entry they forbid is never offered.
    const ruled = await risk.hold(order, conn.mode, true);
    if (ruled) return { conn, hold: risk.reply(ruled) };
    // A repeat or an order after an unknown outcome says so first: that is what the trader must
    // weigh, more than the routine Live confirmation it would otherwise get.
    const key = orderKey(order);
    const early = await guard.check(key, req.confirmed, req.guardToken);
    if (!early.ok) return { conn, hold: held(early.reason, early.message, { guardToken: early.guardToken }) };
    // A Live overlay order that no view can prove was clicked on a visible panel is confirmed in the
    // extension's window (window-confirm.ts): where the browser cannot prove it at all, that window
    // stands in for the panel's own confirmation; where the click-time frame check fails, it follows it.
    const viaWindow = req.from === 'overlay' && conn.mode === 'live' && req.confirmedIn !== 'window';
    const unproven = viaWindow && deps.visibilityUnproven === true;
    if (conn.mode === 'live' && !s.oneClickLive && !req.confirmed && !unproven) {
      return {
        conn,
        hold: held('confirm', words('bgLiveConfirm'), {
          guardToken: await guard.token(key),
        }),
      };
    }
    // Through the lock: a clock jump is applied before the budget is judged, as it is when sending.
    // Read while the chart tab answers, judged after the chart (the order a trader hears them in).
    const budgetRead = budgetLock(() => budgetNow(conn.mode));
    budgetRead.catch(() => undefined);
    const problem = await chartProblem(req, s, reread);
    let windowNote = unproven ? UNPROVEN_NOTE : null;
    if (problem?.reason === 'covered' && viaWindow) windowNote = frameProblemNote(problem.problem);
    else if (problem) return { conn, hold: held(problem.reason, problem.message) };
    const budget = budgetHold(await budgetRead, now(), s);
    if (budget || windowNote === null) return { conn, hold: budget };
    return { conn, hold: held('windowConfirm', windowNote) };
  }

  /** Would this order be sent now? Nothing is sent and nothing is claimed. */
  async function checkOrder(req: OrderRequest): Promise<OrderCheck> {
    const { hold } = await holds(req);
    if (hold?.status === 'held' && hold.reason !== 'confirm' && hold.reason !== 'windowConfirm') return hold;
    return { status: 'ready', guardToken: await guard.token(orderKey(req.order)) };
  }

  async function placeOrder(req: OrderRequest): Promise<OrderReply> {
    const { order } = req;
    const { hold, conn } = await holds(req);
    if (hold?.status === 'held' && hold.reason === 'windowConfirm')
      return confirmInWindow(req, conn.mode, hold.message);
    if (hold) return hold;
    if (!conn.api) return held('noSecret', words('liveNeedsSecretOpenSettings'));

    const key = orderKey(order);
    const traded = orderUnderlying(order, await store.bindings.get());
    // The checks again, under the lock, with the slot taken in the same step: two clicks that
    // both passed the checks above cannot both be sent.
    const call = orderCall(order);
    const entry: JournalEntry = {
      id: crypto.randomUUID(),
      at: now(),
      mode: conn.mode,
      from: req.from,
      order,
      call: `${call.method} ${call.path}`,
      body: call.body ?? null,
      // The underlying the order trades (the bot's binding, the legs'), else the chart's.
      symbol: traded ?? req.chartSymbol ?? null,
      status: 'pending',
      requestId: null,
      httpStatus: null,
      reason: null,
      message: null,
      latencyMs: null,
    };
    const gate = await budgetLock(async (): Promise<OrderReply | null> => {
      const check = await guard.check(key, req.confirmed, req.guardToken);
      if (!check.ok) return held(check.reason, check.message, { guardToken: check.guardToken });
      // Again under the lock, where the journal entry is written: two entries cannot both take the last one of a cap.
      const ruled = await risk.hold(order, conn.mode, false);
      if (ruled) return risk.reply(ruled);
      const [state, latest] = await Promise.all([budgetNow(conn.mode), settings()]);
      const t = now();
      const budget = budgetHold(state, t, latest);
      if (budget) return budget;
      // The spent slot, the claim and the in-flight record are all durable before anything is
      // sent (a worker stopped mid-request must find them), in one storage write: one round trip
      // instead of three, and the browser stores all three or none.
      try {
        const recent = await guard.claiming(key);
        await journal.addWith(entry, (inFlight) =>
          setTogether([
            budgetItem(conn.mode).stage(spend(state, t)),
            store.recentOrders.stage(recent),
            inFlight,
          ]),
        );
        return null;
      } catch {
        // Not durable, so not sent, and nothing of it stored: give the slot back, so the order is
        // not "already being sent" until the worker restarts.
        guard.abandon(key);
        return held('storage', STORAGE_FAILED);
      }
    });
    if (gate) return gate;
    // Open trades as last read, to tell afterwards what this one order did to them: taken now,
    // before the order goes, and awaited after it has. Unreadable, it is no snapshot (nothing compared).
    const snapshot = cacheFor(conn.mode).catch(() => emptyReadCache(conn.mode));

    let reply: OrderReply = { status: 'unknown', message: UNKNOWN_OUTCOME, journalId: entry.id };
    // The views hear of the order in flight only if it still is after a moment: their state push (the
    // worker's view state, every port's copy, each panel's redraw) is milliseconds of work on the
    // same cores as the POST, and ahead of it or beside it, it held the order back. A quicker order
    // they hear of with its result. The guard, not the views, holds a second click meanwhile.
    const tellViews = setTimeout(deps.onChange, IN_FLIGHT_PUSH_MS);
    try {
      const sent = await conn.api.placeOrder(order, { idempotencyKey: entry.id });
      const result = sent.result;
      const redact = (text: string) => redactSecret(text, conn.secret ?? undefined);
      if (result.ok) {
        await journal.settle(entry.id, {
          status: 'placed',
          requestId: result.value.requestId,
          httpStatus: result.status,
          latencyMs: sent.latencyMs,
          message: words('journalAccepted'),
        });
        reply = {
          status: 'placed',
          outcome: 'placed',
          requestId: result.value.requestId,
          message: words('bgAccepted', result.value.requestId),
          journalId: entry.id,
        };
      } else {
        const error = { ...result.error, message: redact(result.error.message) };
        await noteAnswer(error, conn.mode);
        const unknown = sent.outcome === 'unknown';
        await journal.settle(entry.id, {
          status: unknown ? 'unknown' : 'refused',
          requestId: error.requestId ?? null,
          httpStatus: error.status ?? null,
          reason: error.reason ?? null,
          message: unknown
            ? withMaybePlaced(`${words('orderOutcomeUnknown')} ${error.message}`)
            : error.message,
          latencyMs: sent.latencyMs,
        });
        reply = unknown
          ? {
              status: 'unknown',
              message: withMaybePlaced(`${words('orderOutcomeUnknown')} ${error.message}`),
              journalId: entry.id,
            }
          : { status: 'refused', error, message: error.message, journalId: entry.id };
      }
    } catch {
      // The client never throws by contract; if it does, the order may still have gone out.
      await journal.settle(entry.id, { status: 'unknown', message: UNKNOWN_OUTCOME }).catch(() => undefined);
      reply = { status: 'unknown', message: UNKNOWN_OUTCOME, journalId: entry.id };
    } finally {
      clearTimeout(tellViews);
      // Whatever happened above (a journal write that failed too), the slot is given back.
      await budgetLock(() => guard.release(key, reply.status === 'unknown')).catch(() => guard.abandon(key));
    }
    deps.onChange();
    const before = await snapshot;
    // Open trades changed (or may have): read them again if the budget has room for reads, and
    // compare them with the snapshot from before the order.
    void readsAfterNow().then(() => compareTrades(order, reply, before, entry.at));
    if (reply.status === 'refused' && reply.error.status === 404 && 'trade' in order) {
      await warnVanishedTrade(order.trade, before);
    }
    return reply;
  }

  const windowOrders = createWindowConfirms<OrderRequest>({
    now,
    opener: deps.confirmWindow,
    place: (request) => placeOrder(request),
  });

  /**
   * Open the confirmation window for this order and answer with what came of it there. The window
   * confirms against the repeat guard as it stands now: if the same order goes out meanwhile from
   * elsewhere, the confirmation is asked again.
   */
  async function confirmInWindow(req: OrderRequest, mode: Mode, note: string): Promise<OrderReply> {
    const [cache, bindings, guardToken] = await Promise.all([
      cacheFor(mode),
      store.bindings.get(),
      guard.token(orderKey(req.order)),
    ]);
    const [modeRow, ...rest] = summarizeOrder(req.order, mode, {
      bots: cache.bots,
      trades: cache.openTrades,
      bindings,
    }).rows;
    const symbol = req.chartSymbol ?? null;
    const rows = [
      ...(modeRow ? [modeRow] : []),
      { label: words('legSymbol'), value: symbol ?? '?' },
      ...rest,
    ];
    return windowOrders.ask(
      { ...req, confirmed: true, guardToken, confirmedIn: 'window' },
      { mode, order: req.order, symbol, rows, note },
    );
  }

  /**
   * A browser or a network in between may resend an order we sent once. What that leaves behind
   * is told at once: one entry followed by two new trades, or an exit of a trade that was open a
   * moment ago answered "not found" (the first, resent copy closed it).
   */
  async function compareTrades(
    order: Order,
    reply: OrderReply,
    before: ReadCache,
    sentAt: number,
  ): Promise<void> {
    if (order.kind !== 'enterBot' && order.kind !== 'enterLegs') return;
    if (reply.status !== 'placed' && reply.status !== 'unknown') return;
    if (before.tradesAt === null) return;
    const after = await cacheFor(before.mode);
    if (after.tradesAt === null || after.tradesAt < sentAt) return;
    const known = new Set(before.openTrades.map((t) => t.id));
    const fresh = after.openTrades.filter((t) => !known.has(t.id));
    if (fresh.length < 2) return;
    await addNotice(
      words(
        'bgPlacedTwice',
        orderCall(order).path,
        fresh.length,
        fresh
          .slice(0, 5)
          .map((t) => `${t.id} ${t.symbol}`)
          .join(', '),
      ),
    );
    deps.onChange();
  }

  async function warnVanishedTrade(trade: number, before: ReadCache): Promise<void> {
    if (!before.openTrades.some((t) => t.id === trade)) return;
    await addNotice(words('bgExitVanished', trade));
    deps.onChange();
  }

  async function testConnection(secret?: string): Promise<TestConnectionReply> {
    let api: Api | null;
    let used: string | undefined;
    let mode: Mode = 'live';
    if (secret !== undefined) {
      if (!isSecretShape(secret.trim())) {
        return { ok: false, error: { kind: 'invalid', message: words('connectionSecretShape') } };
      }
      used = secret.trim();
      api = connections.liveApi(used);
    } else {
      const conn = await connections.current();
      api = conn.api;
      used = conn.secret ?? undefined;
      mode = conn.mode;
    }
    if (!api) return { ok: false, error: { kind: 'unauthorized', message: words('connectionNoSecret') } };
    const slot = await take('read', mode);
    if (!slot.ok) {
      return {
        ok: false,
        error: {
          kind: 'rateLimited',
          message:
            slot.reason === 'blocked' ? words('connectionCoolingDown') : words('connectionBudgetSpent'),
        },
      };
    }
    const result = await api.getBots();
    await noteAnswer(result.ok ? null : result.error, mode);
    if (!result.ok)
      return { ok: false, error: { ...result.error, message: redactSecret(result.error.message, used) } };
    return { ok: true, user: result.value.user, bots: result.value.bots.length };
  }

  async function setMode(mode: Mode): Promise<void> {
    if (mode === 'live' && !(await connections.storedSecret())) {
      throw new Error(words('modeLiveNeedsSecret'));
    }
    await store.mode.set(mode);
    deps.onChange();
    void refreshReads(true);
  }

  async function saveSecret(secret: string, sessionOnly: boolean): Promise<void> {
    const value = secret.trim();
    if (!isSecretShape(value)) throw new Error(words('connectionSecretShape'));
    const stored = { value, savedAt: now() };
    if (sessionOnly) {
      await store.sessionSecret.set(stored);
      await store.secret.remove();
    } else {
      await store.secret.set(stored);
      await store.sessionSecret.remove();
    }
    // Reads of one account must never show under another.
    await store.readCache.remove();
    deps.onChange();
  }

  async function forgetSecret(): Promise<void> {
    await Promise.all([store.secret.remove(), store.sessionSecret.remove(), store.readCache.remove()]);
    // Live without a secret would be an ambiguous state: fall back to Paper, visibly.
    await store.mode.set('paper');
    deps.onChange();
  }

  async function updateSettings(patch: Partial<Settings>): Promise<void> {
    const current = await settings();
    const next = { ...current, ...patch };
    next.orderReserve = Math.min(next.orderReserve, Math.max(next.budgetShare - 1, 0));
    await store.settings.set(next);
    deps.onChange();
  }

  /** Bind a bot to the underlying its own settings trade, mark it "any symbol", or unbind it (null). */
  async function setBinding(bot: number, binding: BotBinding | null): Promise<void> {
    const { [String(bot)]: _old, ...rest } = await store.bindings.get();
    await store.bindings.set(binding === null ? rest : { ...rest, [String(bot)]: binding });
    deps.onChange();
  }

  /** The bots as last read in either mode, by id, so an export names each entry's bot. */
  async function botNames(): Promise<Map<number, string>> {
    const [paper, live] = await Promise.all([cacheFor('paper'), cacheFor('live')]);
    return new Map([...paper.bots, ...live.bots].map((b) => [b.id, b.name]));
  }

  async function exportJournal(format: 'csv' | 'json'): Promise<ExportReply> {
    const entries = await journal.list();
    // Entries this version could not read go out with the JSON, untouched: they are the trader's record.
    const aside = format === 'json' ? await journalAside() : [];
    const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return format === 'csv'
      ? {
          filename: `order-journal-${stamp}.csv`,
          mime: 'text/csv',
          text: journalCsv(entries, await botNames()),
        }
      : {
          filename: `order-journal-${stamp}.json`,
          mime: 'application/json',
          text: journalJson([...entries, ...aside]),
        };
  }

  /**
   * The trader lifts the 429 block by hand (the popup warns first: the API may still be blocking the
   * account, and every request now may extend its block). The minute's spent requests still count.
   */
  async function clearBlock(): Promise<void> {
    const mode = await connections.mode();
    await budgetLock(async () => {
      await budgetItem(mode).set({ ...(await budgetNow(mode)), blockedUntil: null });
    });
    deps.onChange();
  }

  async function dismissNotices(): Promise<void> {
    await noticesItem.setValue([]);
    deps.onChange();
  }

  /** Order slots the budget has now (never past the share), and when it has room again if none. */
  async function orderRoom(): Promise<{ fits: number; freesAt: number | null }> {
    const mode = await connections.mode();
    // Through the lock, as an order is judged: a clock jump is applied before the room is counted.
    const [state, s] = await Promise.all([budgetLock(() => budgetNow(mode)), settings()]);
    const t = now();
    const v = view(state, t, rulesOf(s));
    if (v.blockedUntil !== null) return { fits: 0, freesAt: v.blockedUntil };
    // Once these are spent, the next slot is the oldest request of the window leaving it.
    const oldest = inWindow(state, t).sort((a, b) => a - b)[0];
    return { fits: Math.max(0, v.share - v.used), freesAt: (oldest ?? t) + WINDOW_MS };
  }

  const flatten = createFlatten({
    now,
    reads: async () => cacheFor(await connections.mode()),
    room: orderRoom,
    bound: boundNow,
    // The trader confirmed this plan in the popup: that confirmation is the one every exit needed.
    place: (order) => placeOrder({ order, from: 'popup', confirmed: true, tabId: null }),
  });

  return {
    clearBlock,
    risk,
    flatten,
    dismissNotices,
    /** Resolves when follow-up reads started by an order are done (tests, and a clean stop). */
    settled: async (): Promise<void> => {
      while (readsInFlight || followUps.size > 0) await Promise.all([readsInFlight, ...followUps]);
    },
    viewState,
    /** The order waiting in the confirmation window: what it shows, the trader's decision, its closing. */
    windowOrders,
    refreshReads,
    readRoom,
    tradesAt,
    checkOrder,
    placeOrder,
    testConnection,
    setMode,
    saveSecret,
    forgetSecret,
    updateSettings,
    setBinding,
    exportJournal,
    journal,
    settings,
    bindings: () => store.bindings.get(),
  };
}

export type Service = ReturnType<typeof createService>;
