// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { journalWords, summarizeOrder, trimText } from '@/components/order-summary';
import { botId, tradeId } from '@/lib/api/types';
import { bots, trades } from './fixtures';

const ctx = { bots, trades, bindings: { '1234567': { kind: 'symbol' as const, underlying: 'SPX' } } };

describe('journal rows in a trader\u2019s words', () => {
  it('name the bot, what it trades, and each leg with its strike and expiration', () => {
    expect(
      journalWords(
        {
          kind: 'enterLegs',
          bot: botId(1234567),
          legs: [
            { symbol: 'spx', quantity: -2, expiration: '2026-12-18', type: 'put', strike: 5800 },
            { symbol: 'SPX', quantity: 2, expiration: '2026-12-18', type: 'put', strike: 5790 },
          ],
        },
        ctx,
      ),
    ).toEqual([
      'SPX Iron Condor (#1234567) · trades SPX',
      'Sell 2 SPX 2026-12-18 5800 put',
      'Buy 2 SPX 2026-12-18 5790 put',
    ]);
    expect(journalWords({ kind: 'closeBot', bot: botId(7654321), close: 'newest' }, ctx)).toEqual([
      expect.stringMatching(/^QQQ Spreads \(#7654321\) .* close its newest trade$/),
    ]);
  });

  it('name the trade of an exit or trim, and say a trim closes a 1-lot whole', () => {
    expect(journalWords({ kind: 'exitTrade', trade: tradeId(55) }, ctx)).toEqual([
      'SPX IRON CONDOR (#55) · the whole trade',
    ]);
    expect(journalWords({ kind: 'trimTrade', trade: tradeId(99), trim: 30 }, ctx)).toEqual([
      'Trade #99 · trim 30% (rounds up: on a 1-lot this closes the whole trade)',
    ]);
    expect(trimText(100)).toBe('100%: the whole trade');
    const confirm = summarizeOrder({ kind: 'trimTrade', trade: tradeId(55), trim: 50 }, 'live', ctx);
    expect(confirm.rows).toContainEqual({
      label: 'Trim',
      value: '50% (rounds up: on a 1-lot this closes the whole trade)',
    });
  });
});
