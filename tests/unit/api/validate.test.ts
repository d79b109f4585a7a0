// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Leg, Order } from '@/lib/api/types';
import { botId, tradeId } from '@/lib/api/types';
import { describeOrder, isCalendarDate, orderCall, validateOrder } from '@/lib/api/validate';

const leg = (change: Partial<Record<keyof Leg, unknown>> = {}): Leg =>
  ({ symbol: 'SPY', quantity: 1, expiration: '2025-03-21', type: 'call', strike: 500, ...change }) as Leg;

const enterLegs = (...legs: Leg[]): Order => ({ kind: 'enterLegs', bot: botId(1234567), legs });

const fieldsOf = (order: Order) => validateOrder(order).map((p) => p.field);

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-28', true],
    ['2025-12-31', true],
    ['2025-02-29', false],
    ['2025-02-30', false],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-01-00', false],
    ['2025-1-5', false],
    ['20250321', false],
    ['2025-03-21T00:00', false],
  ])('%s is a real date: %s', (text, real) => {
    expect(isCalendarDate(text)).toBe(real);
  });
});

describe('validateOrder', () => {
  it('passes every well-formed variant', () => {
    const orders: Order[] = [
      { kind: 'enterBot', bot: botId(1234567) },
      enterLegs(leg(), leg({ quantity: -2, type: 'put', strike: 512.5 })),
      { kind: 'exitTrade', trade: tradeId(55) },
      { kind: 'closeBot', bot: botId(1), close: 'newest' },
      { kind: 'closeTrade', trade: tradeId(55) },
      { kind: 'trimTrade', trade: tradeId(55), trim: 50 },
    ];
    for (const order of orders) expect(validateOrder(order)).toEqual([]);
  });

  it.each([
    ['bot 0', { kind: 'enterBot', bot: 0 }, 'bot'],
    ['bot -1', { kind: 'closeBot', bot: -1, close: 'all' }, 'bot'],
    ['bot 1.5', { kind: 'enterBot', bot: 1.5 }, 'bot'],
    ['bot NaN', { kind: 'enterBot', bot: Number.NaN }, 'bot'],
    ['trade 0', { kind: 'exitTrade', trade: 0 }, 'trade'],
    ['trade 2.5', { kind: 'closeTrade', trade: 2.5 }, 'trade'],
    ['close rule "some"', { kind: 'closeBot', bot: 1, close: 'some' }, 'close'],
    ['trim 0', { kind: 'trimTrade', trade: 5, trim: 0 }, 'trim'],
    ['trim 101', { kind: 'trimTrade', trade: 5, trim: 101 }, 'trim'],
    ['trim 12.5', { kind: 'trimTrade', trade: 5, trim: 12.5 }, 'trim'],
    ['an unknown kind', { kind: 'hedge', bot: 1 }, 'kind'],
  ])('refuses %s', (_case, order, field) => {
    expect(fieldsOf(order as unknown as Order)).toEqual([field]);
  });

  it.each([[1], [50], [100]])('accepts trim %i', (trim) => {
    expect(validateOrder({ kind: 'trimTrade', trade: tradeId(5), trim })).toEqual([]);
  });

  it('explains trims as whole percentages', () => {
    const [problem] = validateOrder({ kind: 'trimTrade', trade: tradeId(5), trim: 101 });
    expect(problem?.message).toMatch(/whole percentage from 1 to 100/);
  });

  it.each([
    ['quantity 0', { quantity: 0 }, 'quantity', /cannot be 0: \+ buys to open, - sells to open/],
    [
      'quantity 1.5',
      { quantity: 1.5 },
      'quantity',
      /whole number of contracts: \+ buys to open, - sells to open/,
    ],
    ['an empty symbol', { symbol: '   ' }, 'symbol', /symbol/],
    ['expiration 2025-02-29', { expiration: '2025-02-29' }, 'expiration', /2025-02-29 is not a real date/],
    ['expiration 2025-02-30', { expiration: '2025-02-30' }, 'expiration', /not a real date/],
    ['expiration 03/21/2025', { expiration: '03/21/2025' }, 'expiration', /YYYY-MM-DD/],
    ['type "both"', { type: 'both' }, 'type', /call or put/],
    ['strike 0', { strike: 0 }, 'strike', /above 0/],
    ['strike -5', { strike: -5 }, 'strike', /above 0/],
    ['strike Infinity', { strike: Number.POSITIVE_INFINITY }, 'strike', /above 0/],
  ])('refuses a leg with %s, naming legs.1.<field>', (_case, change, field, message) => {
    const problems = validateOrder(enterLegs(leg(), leg(change)));
    expect(problems).toEqual([{ field: `legs.1.${field}`, message: expect.stringMatching(message) }]);
  });

  it.each([
    ['quantity 1', { quantity: 1 }],
    ['quantity -3', { quantity: -3 }],
    ['expiration 2024-02-29', { expiration: '2024-02-29' }],
    ['a fractional strike', { strike: 512.5 }],
    ['a lower-case symbol with spaces', { symbol: ' spy ' }],
  ])('accepts a leg with %s', (_case, change) => {
    expect(validateOrder(enterLegs(leg(change)))).toEqual([]);
  });

  it('takes 1 to 4 legs', () => {
    expect(fieldsOf(enterLegs())).toEqual(['legs']);
    expect(validateOrder(enterLegs())[0]?.message).toMatch(/at least one leg/);
    expect(fieldsOf(enterLegs(leg(), leg(), leg(), leg()))).toEqual([]);
    const five = validateOrder(enterLegs(leg(), leg(), leg(), leg(), leg()));
    expect(five).toEqual([
      { field: 'legs', message: expect.stringMatching(/at most 4 legs; this one has 5/) },
    ]);
  });

  it('lists every problem, leg by leg', () => {
    const order = { kind: 'enterLegs', bot: 0, legs: [leg({ strike: 0 }), leg({ quantity: 0, type: 'x' })] };
    expect(fieldsOf(order as unknown as Order)).toEqual([
      'bot',
      'legs.0.strike',
      'legs.1.quantity',
      'legs.1.type',
    ]);
  });

  it('does not crash on a leg that is not an object', () => {
    const order = { kind: 'enterLegs', bot: 1, legs: [null] } as unknown as Order;
    expect(fieldsOf(order)).toEqual(['legs.0']);
  });
});

describe('orderCall', () => {
  it.each<[string, Order, string, Record<string, unknown> | undefined]>([
    ['enterBot', { kind: 'enterBot', bot: botId(1234567) }, 'enter/1234567', undefined],
    [
      'enterLegs',
      enterLegs(leg({ symbol: ' spy ' }), leg({ quantity: -1, type: 'put', strike: 480 })),
      'enter',
      {
        bot: 1234567,
        legs: [
          { symbol: 'SPY', quantity: 1, expiration: '2025-03-21', type: 'call', strike: 500 },
          { symbol: 'SPY', quantity: -1, expiration: '2025-03-21', type: 'put', strike: 480 },
        ],
      },
    ],
    ['exitTrade', { kind: 'exitTrade', trade: tradeId(55) }, 'exit/55', undefined],
    [
      'closeBot',
      { kind: 'closeBot', bot: botId(1234567), close: 'oldest' },
      'exit',
      { bot: 1234567, close: 'oldest' },
    ],
    ['closeTrade', { kind: 'closeTrade', trade: tradeId(55) }, 'exit', { trade: 55 }],
    ['trimTrade', { kind: 'trimTrade', trade: tradeId(55), trim: 20 }, 'exit', { trade: 55, trim: 20 }],
  ])('%s', (_case, order, path, body) => {
    expect(orderCall(order)).toStrictEqual({ method: 'POST', path, body });
  });

  it('sends only the contract fields of a leg, in the contract order', () => {
    const call = orderCall(enterLegs({ ...leg(), note: 'x' } as Leg));
    const [sent] = (call.body?.legs as object[]) ?? [];
    expect(Object.keys(sent ?? {})).toEqual(['symbol', 'quantity', 'expiration', 'type', 'strike']);
  });
});

describe('describeOrder', () => {
  it.each<[Order, string | undefined, string]>([
    [{ kind: 'enterBot', bot: botId(1234567) }, undefined, 'Enter via bot 1234567'],
    [{ kind: 'enterBot', bot: botId(1234567) }, 'BEST BOT EVER', 'Enter via bot BEST BOT EVER (1234567)'],
    [
      enterLegs(leg({ symbol: 'spy' }), leg({ quantity: -2, type: 'put', strike: 480 })),
      undefined,
      'Enter 2 legs via bot 1234567: +1 SPY 2025-03-21 500 call, -2 SPY 2025-03-21 480 put',
    ],
    [{ kind: 'exitTrade', trade: tradeId(55) }, undefined, 'Close all of trade 55'],
    [{ kind: 'closeTrade', trade: tradeId(55) }, undefined, 'Close all of trade 55'],
    [{ kind: 'closeBot', bot: botId(7), close: 'all' }, 'Wheel', 'Close all trades of bot Wheel (7)'],
    [{ kind: 'closeBot', bot: botId(7), close: 'newest' }, undefined, 'Close newest trade of bot 7'],
    [{ kind: 'closeBot', bot: botId(7), close: 'oldest' }, undefined, 'Close oldest trade of bot 7'],
    [{ kind: 'trimTrade', trade: tradeId(55), trim: 50 }, undefined, 'Trim 50% of trade 55 (rounds up)'],
  ])('%j -> %s', (order, botName, text) => {
    expect(describeOrder(order, botName)).toBe(text);
  });
});
