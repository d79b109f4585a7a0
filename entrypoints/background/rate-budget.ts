import type { BudgetView } from '@/lib/messaging/protocol';
import type { RateBudgetState } from '@/lib/storage/items';

/**
 * The account's rate limit as the extension spends it. The API allows 60 requests in any
 * rolling minute (reads count too) and blocks the account for 5 minutes past that; the
 * trader's own TradingView alerts spend the same limit, so we keep to a share of it, and keep a
 * reserve of that share that reads never use, so polling can never delay an order.
 * Pure functions over a stored state: the worker can be stopped at any moment.
 */

export const WINDOW_MS = 60_000;
export const API_LIMIT = 60;
export const BLOCK_MS = 5 * 60_000;
/**
 * The longest block a Retry-After may impose. The contract documents 5 minutes; a header asking
 * for more is believed up to this, never to the year 2121 (nor a stored value that says so).
 */
export const MAX_BLOCK_MS = 15 * 60_000;
/** A wall clock that moved this much further (or less) than the worker's own clock jumped. */
export const CLOCK_JUMP_MS = 2_000;

export type RequestClass = 'read' | 'order';

export interface BudgetRules {
  share: number;
  reserve: number;
}

export type BudgetDecision = { ok: true } | { ok: false; reason: 'blocked' | 'budget'; until: number };

/** Only the timestamps still inside the rolling window. */
export function inWindow(state: RateBudgetState, now: number): number[] {
  // Timestamps ahead of the clock (it was set back) still count: erring high never overspends.
  // `settle` turns them into "now", so they leave the window a minute later, not an hour.
  return state.sent.filter((t) => t > now - WINDOW_MS);
}

/**
 * The state as it must be read at `now`: a time ahead of the clock (set back since, across a
 * restart where no jump could be seen) counts as just now, and a block is never longer than
 * MAX_BLOCK_MS from now. Store what this returns, or the clamp would be redone against every new now.
 */
export function settle(state: RateBudgetState, now: number): RateBudgetState {
  const sent = inWindow({ ...state, sent: state.sent.map((t) => Math.min(t, now)) }, now);
  const blockedUntil =
    state.blockedUntil === null || state.blockedUntil <= now
      ? null
      : Math.min(state.blockedUntil, now + MAX_BLOCK_MS);
  return { sent, blockedUntil };
}

/** The wall clock jumped by `delta` with no real time passing: every time moves with it. */
export function shift(state: RateBudgetState, delta: number): RateBudgetState {
  return {
    sent: state.sent.map((t) => t + delta),
    blockedUntil: state.blockedUntil === null ? null : state.blockedUntil + delta,
  };
}

/**
 * Sees the wall clock jump within the worker's life, against a clock no one can set: how far it
 * moved beyond the real time that passed since the last look (0 when within CLOCK_JUMP_MS).
 */
export function createJumpWatch(now: () => number, monotonic: () => number) {
  let wall = now();
  let mono = monotonic();
  return (): number => {
    const [w, m] = [now(), monotonic()];
    const delta = w - (wall + (m - mono));
    wall = w;
    mono = m;
    return Math.abs(delta) > CLOCK_JUMP_MS ? delta : 0;
  };
}

function effectiveShare(rules: BudgetRules): number {
  return Math.max(1, Math.min(API_LIMIT, Math.floor(rules.share)));
}

/** How many of the share reads may use: the rest is kept for orders. */
export function readAllowance(rules: BudgetRules): number {
  const share = effectiveShare(rules);
  return Math.max(0, share - Math.max(0, Math.min(share - 1, Math.floor(rules.reserve))));
}

/** May a request of this class go now? Never says yes past the share or during a block. */
export function decide(
  state: RateBudgetState,
  now: number,
  kind: RequestClass,
  rules: BudgetRules,
): BudgetDecision {
  if (state.blockedUntil !== null && now < state.blockedUntil) {
    return { ok: false, reason: 'blocked', until: state.blockedUntil };
  }
  const recent = inWindow(state, now).sort((a, b) => a - b);
  const cap = kind === 'order' ? effectiveShare(rules) : readAllowance(rules);
  if (recent.length < cap) return { ok: true };
  // The slot frees when the request that is `cap` places back leaves the window.
  const freeing = recent[recent.length - cap] ?? now;
  return { ok: false, reason: 'budget', until: freeing + WINDOW_MS };
}

/** Spend one request now (call only after `decide` said ok, before sending). */
export function spend(state: RateBudgetState, now: number): RateBudgetState {
  return { ...state, sent: [...inWindow(state, now), now] };
}

/** A 429 answer: nothing is sent until the block ends (at least the contract's 5 minutes). */
export function blockAfter429(
  state: RateBudgetState,
  now: number,
  retryAfterSeconds?: number,
): RateBudgetState {
  const asked = Number.isFinite(retryAfterSeconds) ? (retryAfterSeconds ?? 0) * 1000 : 0;
  const ms = Math.min(MAX_BLOCK_MS, Math.max(BLOCK_MS, asked));
  const until = now + ms;
  return { ...state, blockedUntil: Math.min(now + MAX_BLOCK_MS, Math.max(until, state.blockedUntil ?? 0)) };
}

export function view(raw: RateBudgetState, now: number, rules: BudgetRules): BudgetView {
  const state = settle(raw, now);
  const blocked = state.blockedUntil !== null && now < state.blockedUntil;
  return {
    share: effectiveShare(rules),
    reserve: effectiveShare(rules) - readAllowance(rules),
    used: inWindow(state, now).length,
    blockedUntil: blocked ? state.blockedUntil : null,
  };
}
