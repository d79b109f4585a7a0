// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  API_LIMIT,
  BLOCK_MS,
  blockAfter429,
  decide,
  readAllowance,
  spend,
  view,
  WINDOW_MS,
} from '@/entrypoints/background/rate-budget';
import type { RateBudgetState } from '@/lib/storage/items';

const empty: RateBudgetState = { sent: [], blockedUntil: null };

/** Most requests in any window [t, t + 60 s) over a list of send times. */
function busiestWindow(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= WINDOW_MS) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('rate budget', () => {
  it('lets orders use the whole share and reads only the share minus the reserve', () => {
    const rules = { share: 20, reserve: 5 };
    let state = empty;
    for (let i = 0; i < 15; i++) {
      expect(decide(state, 1000 + i, 'read', rules).ok).toBe(true);
      state = spend(state, 1000 + i);
    }
    expect(decide(state, 1100, 'read', rules)).toMatchObject({ ok: false, reason: 'budget' });
    expect(decide(state, 1100, 'order', rules).ok).toBe(true);
  });

  it('says when a slot frees: the request that fills the window leaves it', () => {
    const rules = { share: 2, reserve: 0 };
    const state = spend(spend(empty, 10_000), 20_000);
    expect(decide(state, 30_000, 'order', rules)).toEqual({
      ok: false,
      reason: 'budget',
      until: 10_000 + WINDOW_MS,
    });
    expect(decide(state, 10_000 + WINDOW_MS, 'order', rules).ok).toBe(true);
  });

  it('blocks everything for at least five minutes after a 429, longer if the server says so', () => {
    const blocked = blockAfter429(empty, 0);
    expect(decide(blocked, BLOCK_MS - 1, 'order', { share: 60, reserve: 0 })).toMatchObject({
      reason: 'blocked',
    });
    expect(decide(blocked, BLOCK_MS, 'order', { share: 60, reserve: 0 }).ok).toBe(true);
    expect(blockAfter429(empty, 0, 600).blockedUntil).toBe(600_000);
    expect(view(blocked, 1, { share: 50, reserve: 10 })).toMatchObject({
      blockedUntil: BLOCK_MS,
      share: 50,
      reserve: 10,
    });
  });

  it('never lets the reserve swallow the whole share', () => {
    expect(readAllowance({ share: 5, reserve: 30 })).toBe(1);
    expect(readAllowance({ share: 60, reserve: 10 })).toBe(50);
  });

  it('property: random bursts never exceed the share in any 60 s window, reads never take the reserve, nothing during a block', () => {
    const event = fc.record({
      gap: fc.oneof(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 90_000 }),
      ),
      kind: fc.constantFrom('read' as const, 'order' as const),
      answer429: fc.integer({ min: 0, max: 99 }).map((n) => n < 5),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: API_LIMIT }),
        fc.integer({ min: 0, max: 30 }),
        fc.array(event, { minLength: 1, maxLength: 400 }),
        (share, reserve, events) => {
          const rules = { share, reserve };
          let state = empty;
          let t = 1_700_000_000_000;
          const all: number[] = [];
          const reads: number[] = [];
          for (const e of events) {
            t += e.gap;
            const decision = decide(state, t, e.kind, rules);
            const wasBlocked = state.blockedUntil !== null && t < state.blockedUntil;
            if (!decision.ok) continue;
            expect(wasBlocked).toBe(false);
            state = spend(state, t);
            all.push(t);
            if (e.kind === 'read') reads.push(t);
            if (e.answer429) state = blockAfter429(state, t);
          }
          expect(busiestWindow(all)).toBeLessThanOrEqual(Math.min(share, API_LIMIT));
          expect(busiestWindow(reads)).toBeLessThanOrEqual(readAllowance(rules));
        },
      ),
      { numRuns: 300 },
    );
  });
});
