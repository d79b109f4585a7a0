/** Order statistics for timing samples. Nearest-rank percentiles: no interpolation between samples. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  /** Interquartile range (p75 − p25): the spread that one slow outlier does not move. */
  iqr: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    iqr: percentile(sorted, 75) - percentile(sorted, 25),
  };
}

/** Pairwise differences (a[i] − b[i]) of samples taken in the same round, so drift cancels out. */
export function paired(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => (a[i] ?? 0) - (b[i] ?? 0));
}

export const round = (x: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
