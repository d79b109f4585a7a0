// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  botsAnswerSchema,
  openTradesSchema,
  orderAcceptedSchema,
  readAnswer,
  readFailureAnswer,
  readNumber,
} from '@/lib/api/schemas';
import { fixture } from './fixtures';

const problemOf = (result: { ok: boolean; problem?: string }) => (result.ok ? null : result.problem);

describe('readNumber', () => {
  it.each([
    [12.5, 12.5],
    ['12.50', 12.5],
    ['1234567', 1234567],
    [' -3.25 ', -3.25],
    ['1e3', 1000],
    [0, 0],
  ])('reads %j as %j', (input, expected) => {
    expect(readNumber(input)).toBe(expected);
  });

  it.each([
    [''],
    ['abc'],
    ['12abc'],
    ['NaN'],
    ['Infinity'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [null],
    [true],
    [[]],
  ])('refuses %j', (input) => {
    expect(readNumber(input)).toBeUndefined();
  });
});

describe('GET bots', () => {
  it('reads the contract example', () => {
    expect(readAnswer(botsAnswerSchema, fixture('bots.json'))).toEqual({
      ok: true,
      value: { user: 'email', bots: [{ id: 1234567, name: 'BEST BOT EVER', strategy: 'CREDIT SPREAD' }] },
    });
  });

  it('reads the live shape: broker, numeric-string ids, null strategy, extra fields', () => {
    const result = readAnswer(botsAnswerSchema, fixture('bots-live.json'));
    expect(result).toEqual({
      ok: true,
      value: {
        user: 'trader@example.com',
        bots: [
          { id: 1234567, name: 'BEST BOT EVER', strategy: 'CREDIT SPREAD', broker: 'TastyTrade' },
          { id: 7654321, name: '0DTE SPX', strategy: 'IRON CONDOR', broker: 'Tradier' },
          { id: 42, name: 'Generic holder', strategy: '' },
        ],
      },
    });
    // A null broker must not appear as a key, so "has a broker" checks stay simple.
    if (result.ok) expect('broker' in (result.value.bots[2] ?? {})).toBe(false);
  });

  it('reads an empty list of bots', () => {
    expect(readAnswer(botsAnswerSchema, { success: true, user: 'u', data: [] })).toEqual({
      ok: true,
      value: { user: 'u', bots: [] },
    });
  });

  it('reads a list a PHP backend serialised as an object keyed by index', () => {
    const answer = {
      success: true,
      user: 'u',
      data: { '0': { id: 1, name: 'A' }, '3': { id: 2, name: 'B' } },
    };
    const result = readAnswer(botsAnswerSchema, answer);
    expect(result.ok && result.value.bots.map((b) => b.id)).toEqual([1, 2]);
  });

  it.each([
    ['data is null', { success: true, user: 'u', data: null }, 'data should be a list but is null'],
    ['data is missing', { success: true, user: 'u' }, 'data is missing'],
    ['data is one bot, not a list', { success: true, data: { id: 1, name: 'A' } }, 'data should be a list'],
    ['the id is missing', { success: true, data: [{ name: 'A' }] }, 'data.0.id is missing'],
    [
      'the id is a fraction',
      { success: true, data: [{ id: 1.5, name: 'A' }] },
      'data.0.id should be a whole number',
    ],
    [
      'the id is 0',
      { success: true, data: [{ id: 0, name: 'A' }] },
      'data.0.id should be a whole number above 0',
    ],
    [
      'the id is text',
      { success: true, data: [{ id: 'abc', name: 'A' }] },
      'data.0.id should be a whole number',
    ],
    ['the name is missing', { success: true, data: [{ id: 1 }, { id: 2 }] }, 'data.0.name is missing'],
    [
      'the name is a number',
      { success: true, data: [{ id: 1, name: 5 }] },
      'data.0.name should be text but is 5',
    ],
    ['success is missing', { user: 'u', data: [] }, 'success should be true but is missing'],
    ['the answer is a list', [], 'the answer should be an object but is a list'],
    ['the answer is null', null, 'the answer should be an object but is null'],
  ])('names the field when %s', (_case, answer, problem) => {
    expect(problemOf(readAnswer(botsAnswerSchema, answer))).toContain(problem);
  });

  it('caps how many problems it lists', () => {
    const data = Array.from({ length: 10 }, () => ({}));
    const problem = problemOf(readAnswer(botsAnswerSchema, { success: true, data }));
    expect(problem).toMatch(/\(and \d+ more\)$/);
    expect(problem?.split(';').length).toBe(3);
  });
});

describe('GET trades', () => {
  it('reads the contract example into trader names', () => {
    expect(readAnswer(openTradesSchema, fixture('trades.json'))).toEqual({
      ok: true,
      value: [
        {
          id: 1234567,
          symbol: 'SPX',
          strategy: 'IRON CONDOR',
          enteredAt: '2024-10-25 10:20:01',
          entryPrice: 12.5,
          profitLoss: 20.2,
          percentProfitLoss: 20,
        },
      ],
    });
  });

  it('reads numbers sent as strings, negative P/L and extra fields', () => {
    const answer = fixture('trades.json');
    answer.trades = [
      {
        id: '55',
        symbol: 'SPY',
        strategy: 'PUT CREDIT SPREAD',
        entered_at: '2024-10-25 10:20:01',
        entry_price: '1.05',
        profit_loss: '-12.50',
        percentage_profit_loss: '-11.9',
        bot_id: 1234567,
      },
    ];
    const result = readAnswer(openTradesSchema, answer);
    expect(result.ok && result.value[0]).toMatchObject({
      id: 55,
      entryPrice: 1.05,
      profitLoss: -12.5,
      percentProfitLoss: -11.9,
    });
  });

  it.each([
    [
      'trades is null (not the same as nothing open)',
      { success: true, trades: null },
      'trades should be a list but is null',
    ],
    [
      'P/L is an empty string',
      { entry_price: 1, profit_loss: '' },
      'trades.0.profit_loss should be a number but is ""',
    ],
    ['P/L is "abc"', { profit_loss: 'abc' }, 'trades.0.profit_loss should be a number but is "abc"'],
    ['entry price is missing', { entry_price: undefined }, 'trades.0.entry_price is missing'],
    ['symbol is empty', { symbol: '  ' }, 'trades.0.symbol should be non-empty text'],
    ['entered_at is null', { entered_at: null }, 'trades.0.entered_at should be non-empty text but is null'],
    ['the id is negative', { id: -4 }, 'trades.0.id should be a whole number above 0 but is -4'],
  ])('names the field when %s', (_case, change, problem) => {
    const answer = fixture('trades.json');
    if ('trades' in change) Object.assign(answer, change);
    else answer.trades = [{ ...((answer.trades as object[])[0] ?? {}), ...change }];
    expect(problemOf(readAnswer(openTradesSchema, answer))).toContain(problem);
  });
});

describe('order answers', () => {
  it('reads an accepted enter and keeps the request id as text', () => {
    expect(readAnswer(orderAcceptedSchema, fixture('enter-success.json'))).toEqual({
      ok: true,
      value: {
        requestId: '47462f2d-378c-4bf5-a016-1c1221aa0e62',
        payload: [{ symbol: 'SPY', quantity: 1, expiration: '2025-03-21', type: 'call', strike: 1234 }],
      },
    });
  });

  it('reads an accepted exit, whose payload is an object', () => {
    const result = readAnswer(orderAcceptedSchema, fixture('exit-success.json'));
    expect(result.ok && result.value.payload).toEqual({ bot: 1234567, close: '', trade: 1234567, trim: 20 });
  });

  it('says which field is missing from an accepted answer', () => {
    const answer = fixture('enter-success.json');
    delete answer.id;
    expect(problemOf(readAnswer(orderAcceptedSchema, answer))).toBe('id is missing');
    expect(problemOf(readAnswer(orderAcceptedSchema, { ...answer, id: 7 }))).toBe(
      'id should be the request id but is 7',
    );
  });

  it('reads a refusal, also without id, reason or message', () => {
    expect(readFailureAnswer(fixture('order-failure.json'))).toEqual({
      reason: 'Error message',
      message: 'Detailed error information',
      requestId: '47462f2d-378c-4bf5-a016-1c1221aa0e62',
    });
    expect(readFailureAnswer({ success: false })).toEqual({});
    expect(readFailureAnswer({ success: false, reason: 'Invalid asset', message: null })).toEqual({
      reason: 'Invalid asset',
    });
  });

  it('does not take an accepted or shapeless answer for a refusal', () => {
    expect(readFailureAnswer(fixture('enter-success.json'))).toBeNull();
    expect(readFailureAnswer({ reason: 'x' })).toBeNull();
    expect(readFailureAnswer([{ success: false }])).toBeNull();
    expect(readFailureAnswer('success: false')).toBeNull();
  });
});
