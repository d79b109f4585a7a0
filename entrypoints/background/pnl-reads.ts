/**
 * Open trades, and so their P&L, kept fresh while the trader can see them, and only then. Every view
 * (the popup, each chart's overlay) tells over its port whether it is on screen; while at least one
 * is, the background reads open trades every `PNL_PERIOD_MS`, once for all of them, so the P&L a view
 * shows is never much older than that. While none is (a chart tab in the background, the browser
 * behind another window), nothing is read on a schedule: only the bounded read a view's connect may
 * start (view-reads.ts).
 *
 * A scheduled read is the first thing to give way: it goes only while the budget has more than
 * `READ_HEADROOM` read slots left in this minute, so it never spends the last ones the trader's own
 * refresh and the read after an order need, and never any of the order reserve (the budget keeps
 * that from every read: rate-budget.ts `readAllowance`). A read from anywhere (a connect, an order's
 * follow-up, the trader's refresh) counts: the next scheduled one comes a period after it.
 */

/** How often open trades are read while a view is on screen: the P&L shown stays under 15 s old. */
export const PNL_PERIOD_MS = 10_000;
/** Read slots a scheduled read leaves untouched in the rolling minute. */
export const READ_HEADROOM = 2;
/** A timer that fires this close to its time is on time (timers run late, never early, but clocks differ). */
const EARLY_MS = 250;

export interface PnlReadsDeps {
  now: () => number;
  /** One read of open trades (and bots, when old) for every view at once: `service.refreshReads`. */
  read: () => Promise<void>;
  /** When open trades were last read, by anyone (the read cache's `tradesAt`). */
  tradesAt: () => Promise<number | null>;
  /** Read slots the budget has now, 0 during a 429 block (`service.readRoom`). */
  readRoom: () => Promise<number>;
  /** Told when scheduled reads start (some view is visible) and stop (none is): the alarm backstop. */
  onActive?: (active: boolean) => void;
  periodMs?: number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export function createPnlReads(deps: PnlReadsDeps) {
  const period = deps.periodMs ?? PNL_PERIOD_MS;
  const setTimer = deps.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer =
    deps.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  /** Each open view, and whether it said it is on screen. */
  const views = new Map<unknown, boolean>();
  let timer: unknown = null;
  let active = false;
  /** When a scheduled read was last tried, sent or not: a refused one is tried again a period later. */
  let triedAt: number | null = null;
  let running: Promise<void> | null = null;

  const anyVisible = () => [...views.values()].some(Boolean);

  function stopTimer(): void {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  function setActive(next: boolean): void {
    if (next === active) return;
    active = next;
    deps.onActive?.(next);
  }

  /** A time from before `t`, or null: one ahead of the clock (it was set back) proves nothing fresh. */
  const past = (at: number | null, t: number) => (at !== null && at <= t ? at : null);

  async function check(): Promise<void> {
    if (!anyVisible()) return;
    const t = deps.now();
    const last = Math.max(past(await deps.tradesAt(), t) ?? -Infinity, past(triedAt, t) ?? -Infinity);
    let next = last + period;
    if (t >= next - EARLY_MS) {
      triedAt = t;
      next = t + period;
      if ((await deps.readRoom()) > READ_HEADROOM) {
        await deps.read();
        next = Math.max(next, (past(await deps.tradesAt(), deps.now()) ?? -Infinity) + period);
      }
    }
    stopTimer();
    if (anyVisible()) timer = setTimer(tick, Math.max(EARLY_MS, next - deps.now()));
  }

  /** Read now if a period has passed since the last read, then wait for the next one. */
  function tick(): Promise<void> {
    if (running) return running;
    // Whoever called (its timer, the alarm, a view coming on screen), the next timer is set anew.
    stopTimer();
    running = check()
      .catch(() => undefined)
      .finally(() => {
        running = null;
      });
    return running;
  }

  function reconsider(): void {
    if (!anyVisible()) {
      stopTimer();
      setActive(false);
      return;
    }
    setActive(true);
    // A view that just came on screen gets trades a period old at most, at once.
    if (!running) void tick();
  }

  return {
    /** A view said whether it is on screen (on connecting, and at every change). */
    shown(view: unknown, visible: boolean): void {
      const was = views.get(view);
      views.set(view, visible);
      if (was !== visible) reconsider();
    },
    /** A view went away (its port closed). */
    gone(view: unknown): void {
      if (views.delete(view)) reconsider();
    },
    /** The alarm's wake-up, in case a timer was lost: reads if one is due, as a timer would. */
    wake(): Promise<void> {
      return anyVisible() ? tick() : Promise.resolve();
    },
    visible: anyVisible,
    /** Resolves when the read under way, if any, is done (tests, the bench). */
    settled: async (): Promise<void> => {
      await running;
    },
  };
}

export type PnlReads = ReturnType<typeof createPnlReads>;
