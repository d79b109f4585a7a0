/**
 * Reads a view's opening may start. A port connect is cheap for a page to cause (a page can frame
 * and drop overlay.html all day), while every read spends the request budget the trader's own
 * TradingView alerts share: a connect reads only when the open trades are older than `STALE_MS`, and
 * at most `PER_MINUTE` times a minute for each tab (the popup and settings count as one).
 */
export const STALE_MS = 15_000;
export const PER_MINUTE = 3;

export function createViewReads(now: () => number) {
  const recent = new Map<string, number[]>();
  return {
    /** Whether this connect may start a read now; counts it when it may. */
    take(key: string, tradesAt: number | null): boolean {
      const t = now();
      if (tradesAt !== null && t - tradesAt >= 0 && t - tradesAt < STALE_MS) return false;
      const kept = (recent.get(key) ?? []).filter((at) => at <= t && t - at < 60_000);
      if (kept.length >= PER_MINUTE) {
        recent.set(key, kept);
        return false;
      }
      kept.push(t);
      recent.set(key, kept);
      return true;
    },
    forget(key: string): void {
      recent.delete(key);
    },
  };
}

export type ViewReads = ReturnType<typeof createViewReads>;
