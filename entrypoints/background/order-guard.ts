import type { Store } from './store';

/** The same order again within this time is treated as a double click unless the trader confirms. */
export const REPEAT_WINDOW_MS = 5_000;
/** After an unknown outcome, sending the same order again needs a confirmation for this long. */
export const UNKNOWN_WINDOW_MS = 10 * 60_000;

export type GuardDecision = { ok: true } | { ok: false; reason: 'inFlight' | 'repeat'; message: string };

/**
 * One in flight per action, and no accidental repeat. In-flight state lives in memory (a
 * stopped worker has nothing in flight: its journal entry says unknown); recent sends live in
 * storage so a restart does not reopen the repeat window.
 */
export function createOrderGuard(now: () => number, store: Store) {
  const inFlight = new Set<string>();
  /** Keys whose last outcome was unknown, with when. Stored with the recent sends, marked by a prefix. */
  const unknownKey = (key: string) => `unknown:${key}`;

  const recent = () => store.recentOrders.get();

  return {
    inFlight: (): string[] => [...inFlight],

    /** May this order go? The caller holds the lock until it has claimed or given up. */
    async check(key: string, confirmed: boolean): Promise<GuardDecision> {
      if (inFlight.has(key)) {
        return {
          ok: false,
          reason: 'inFlight',
          message: 'This order is already being sent. Wait for its result.',
        };
      }
      if (!confirmed) {
        const seen = await recent();
        const t = now();
        const last = seen[key];
        if (last !== undefined && t - last < REPEAT_WINDOW_MS) {
          return {
            ok: false,
            reason: 'repeat',
            message: `The same order was sent ${Math.max(1, Math.round((t - last) / 1000))} s ago. Send it again?`,
          };
        }
        const unknownAt = seen[unknownKey(key)];
        if (unknownAt !== undefined && t - unknownAt < UNKNOWN_WINDOW_MS) {
          return {
            ok: false,
            reason: 'repeat',
            message:
              'The last time this order was sent its outcome was unknown. Check your open trades first. Send it again?',
          };
        }
      }
      return { ok: true };
    },

    /** Take the slot: from here the order counts as sent. */
    async claim(key: string): Promise<void> {
      inFlight.add(key);
      const seen = await recent();
      const t = now();
      const kept = Object.fromEntries(Object.entries(seen).filter(([, at]) => t - at < UNKNOWN_WINDOW_MS));
      await store.recentOrders.set({ ...kept, [key]: t });
    },

    async release(key: string, outcomeUnknown: boolean): Promise<void> {
      inFlight.delete(key);
      if (outcomeUnknown) {
        const seen = await recent();
        await store.recentOrders.set({ ...seen, [unknownKey(key)]: now() });
      }
    },
  };
}

export type OrderGuard = ReturnType<typeof createOrderGuard>;
