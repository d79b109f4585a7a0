/**
 * A clock and timers that move only when told (the P&L schedule's timers, in tests and the bench):
 * `advance` fires every timer due by then at its own time, in order, and lets what it started finish.
 * `clock` lets a test rig own the time (its `advance` moves it).
 */
export function simTime(clock: number | { now(): number; advance(ms: number): void }) {
  let own = typeof clock === 'number' ? clock : 0;
  const now = typeof clock === 'number' ? () => own : () => clock.now();
  const moveTo = (at: number) => {
    if (at <= now()) return;
    if (typeof clock === 'number') own = at;
    else clock.advance(at - now());
  };
  let seq = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  return {
    now,
    setTimer: (run: () => void, ms: number): unknown => {
      seq += 1;
      timers.set(seq, { at: now() + Math.max(0, ms), run });
      return seq;
    },
    clearTimer: (id: unknown): void => {
      timers.delete(id as number);
    },
    /** Timers set and not yet fired or cleared. */
    pending: () => timers.size,
    /** When the next timer fires, or null. */
    nextAt: (): number | null => Math.min(...[...timers.values()].map((t) => t.at), Infinity),
    async advance(ms: number, settle: () => Promise<void> = async () => {}): Promise<void> {
      const end = now() + ms;
      // What is under way now finishes at this time, before the clock moves.
      await settle();
      for (;;) {
        const next = [...timers].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!next || next[1].at > end) break;
        timers.delete(next[0]);
        moveTo(next[1].at);
        next[1].run();
        await settle();
      }
      moveTo(end);
      await settle();
    },
  };
}

export type SimTime = ReturnType<typeof simTime>;
