// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spotOf } from '@/lib/sandbox/market';

/** Paper's simulated market and the demo chart show the same price, so a ticket built on the chart centres there. */
describe('Paper prices and the demo chart', () => {
  it('agree for every optionable symbol the demo chart shows', () => {
    const demo = readFileSync(join(process.cwd(), 'demo/chart/demo.js'), 'utf8');
    const prices = [...demo.matchAll(/^\s+'?([A-Z0-9!/]+)'?: \{ full: [^\n]*?price: ([\d.]+)/gm)].map(
      ([, symbol, price]) => [symbol, Number(price)] as const,
    );
    const optionable = prices.filter(([symbol]) => spotOf(symbol ?? '') > 0);
    expect(optionable.map(([s]) => s).sort()).toEqual(['AAPL', 'QQQ', 'SPX', 'SPY']);
    for (const [symbol, price] of optionable) expect(spotOf(symbol ?? '')).toBe(price);
  });
});
