import { describe, expect, it } from 'vitest';
import { orderKey as viewKey, VIEW_PORT as viewPort } from '@/components/order-key';
import { botId, type Order, tradeId } from '@/lib/api/types';
import { orderKey, VIEW_PORT } from '@/lib/messaging/protocol';

describe('zod-free order key', () => {
  it('gives the same key as the protocol for every order kind', () => {
    const orders: Order[] = [
      { kind: 'enterBot', bot: botId(1) },
      {
        kind: 'enterLegs',
        bot: botId(1),
        legs: [{ symbol: 'SPY', quantity: -2, expiration: '2025-03-21', type: 'put', strike: 500 }],
      },
      { kind: 'exitTrade', trade: tradeId(9) },
      { kind: 'closeTrade', trade: tradeId(9) },
      { kind: 'closeBot', bot: botId(1), close: 'newest' },
      { kind: 'trimTrade', trade: tradeId(9), trim: 25 },
    ];
    for (const order of orders) expect(viewKey(order)).toBe(orderKey(order));
    expect(viewPort).toBe(VIEW_PORT);
  });
});
