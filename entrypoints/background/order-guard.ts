import { words } from '@/lib/words';
import type { Store } from './store';

/** The same order again within this time is treated as a double click unless the trader confirms. */
export const REPEAT_WINDOW_MS = 5_000;
/** After an unknown outcome, sending the same order again needs a confirmation for this long. */
export const UNKNOWN_WINDOW_MS = 10 * 60_000;

export type GuardDecision =
  | { ok: true }
  | { ok: false; reason: 'inFlight' | 'repeat'; message: string; guardToken: string };

/**
 * One in flight per action, and no accidental repeat. In-flight state lives in memory (a
 * stopped worker has nothing in flight: its journal entry says unknown); recent sends and the
 * "outcome unknown" marker live in storage so a restart reopens neither guard.
 */
export function createOrderGuard(now: () => number, store: Store) {
  const inFlight = new Set<string>();
  /** Keys whose last outcome was unknown, with when. Stored with the recent sends, marked by a prefix. */
  const unknownKey = (key: string) => `unknown:${key}`;

  const recent = () => store.recentOrders.get();

  /**
   * What the guard knows of this order, as a token: a confirmation given while the trader saw one
   * state does not cover another (another view sent the same order after this one asked).
   */
  const tokenOf = (seen: Record<string, number>, key: string) =>
    `${seen[key] ?? '-'}|${seen[unknownKey(key)] ?? '-'}`;

  return {
    inFlight: (): string[] => [...inFlight],

    async token(key: string): Promise<string> {
      return tokenOf(await recent(), key);
    },

    /**
     * May this order go? `confirmed` with the token of what the trader was shown lets a repeat
     * through; a confirmation without a token, or with a stale one, is asked again.
     */
    async check(key: string, confirmed: boolean, guardToken?: string): Promise<GuardDecision> {
      const seen = await recent();
      const token = tokenOf(seen, key);
      if (inFlight.has(key)) {
        return {
          ok: false,
          reason: 'inFlight',
          message: words('guardInFlight'),
          guardToken: token,
        };
      }
      if (confirmed && guardToken === token) return { ok: true };
      const t = now();
      const last = seen[key];
      // A time ahead of the clock (it was set back) counts as just now: the guard errs on asking.
      if (last !== undefined && t - last < REPEAT_WINDOW_MS) {
        return {
          ok: false,
          reason: 'repeat',
          message: words('guardRepeat', Math.max(1, Math.round((t - last) / 1000))),
          guardToken: token,
        };
      }
      const unknownAt = seen[unknownKey(key)];
      if (unknownAt !== undefined && t - unknownAt < UNKNOWN_WINDOW_MS) {
        return {
          ok: false,
          reason: 'repeat',
          message: words('guardAfterUnknown'),
          guardToken: token,
        };
      }
      return { ok: true };
    },

    /**
     * Take the slot: from here the order counts as sent, and its outcome as unknown until a definite
     * answer clears that (a worker stopped mid-request leaves the marker behind, as it should).
     */
    async claim(key: string): Promise<void> {
      const seen = await this.claiming(key);
      try {
        await store.recentOrders.set(seen);
      } catch (error) {
        inFlight.delete(key);
        throw error;
      }
    },

    /**
     * `claim` without its write: the slot is taken in memory at once, and the recent sends as they
     * must be stored are returned, for the caller to store with the order's other records before
     * anything is sent (or to `abandon` the slot when that write fails).
     */
    async claiming(key: string): Promise<Record<string, number>> {
      inFlight.add(key);
      try {
        const seen = await recent();
        const t = now();
        const kept = Object.fromEntries(Object.entries(seen).filter(([, at]) => t - at < UNKNOWN_WINDOW_MS));
        return { ...kept, [key]: t, [unknownKey(key)]: t };
      } catch (error) {
        inFlight.delete(key);
        throw error;
      }
    },

    /** Give the slot back without sending (the claim could not be made durable). */
    abandon(key: string): void {
      inFlight.delete(key);
    },

    async release(key: string, outcomeUnknown: boolean): Promise<void> {
      inFlight.delete(key);
      const seen = await recent();
      if (outcomeUnknown) {
        await store.recentOrders.set({ ...seen, [unknownKey(key)]: now() });
      } else if (seen[unknownKey(key)] !== undefined) {
        const { [unknownKey(key)]: _cleared, ...rest } = seen;
        await store.recentOrders.set(rest);
      }
    },
  };
}

export type OrderGuard = ReturnType<typeof createOrderGuard>;
