// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createViewReads, PER_MINUTE, STALE_MS } from '@/entrypoints/background/view-reads';

describe('reads a view connect may start', () => {
  it('reads only when the trades are older than 15 s', () => {
    let t = 100_000;
    const reads = createViewReads(() => t);
    expect(reads.take('tab:1', t - STALE_MS + 1)).toBe(false);
    expect(reads.take('tab:1', t - STALE_MS)).toBe(true);
    expect(reads.take('tab:1', null)).toBe(true);
    t += 1;
    // Trades stamped in the future (a clock set back) are not taken as fresh.
    expect(reads.take('tab:2', t + 60_000)).toBe(true);
  });

  it('reads at most a few times a minute for each tab, however often a page makes it connect', () => {
    let t = 100_000;
    const reads = createViewReads(() => t);
    const taken = Array.from({ length: 200 }, () => {
      t += 300;
      return reads.take('tab:9', null);
    }).filter(Boolean).length;
    // 200 connects over 60 s.
    expect(taken).toBeLessThanOrEqual(PER_MINUTE + 1);
    // Another tab (or the popup) has its own allowance.
    expect(reads.take('views', null)).toBe(true);
    reads.forget('tab:9');
    expect(reads.take('tab:9', null)).toBe(true);
  });
});
