// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { CallContext, Failure } from '@/lib/api/errors';
import { apiError, kindOfStatus, orderOutcome, parseRetryAfter } from '@/lib/api/errors';
import { SECRET_MASK } from '@/lib/api/redact';
import type { ApiErrorKind, ApiResult } from '@/lib/api/types';
import { requestId } from '@/lib/api/types';

const SECRET = 'a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6';
const read: CallContext = { call: 'read', secret: SECRET };
const order: CallContext = { call: 'order', secret: SECRET };

describe('kindOfStatus', () => {
  it.each<[number, ApiErrorKind]>([
    [400, 'badRequest'],
    [422, 'badRequest'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'notFound'],
    [429, 'rateLimited'],
    [500, 'server'],
    [502, 'server'],
    [503, 'server'],
    [302, 'badResponse'],
  ])('%i -> %s', (status, kind) => {
    expect(kindOfStatus(status)).toBe(kind);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-03-03T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Mon, 03 Mar 2025 10:05:00 GMT', now)).toBe(300);
    expect(parseRetryAfter('Mon, 03 Mar 2025 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('apiError messages say what to do', () => {
  it.each<[string, Failure, CallContext, ApiErrorKind, RegExp]>([
    [
      '401',
      { type: 'status', status: 401 },
      read,
      'unauthorized',
      /matches the webhook secret in your .*profile.*reset it/,
    ],
    ['429 without Retry-After', { type: 'status', status: 429 }, read, 'rateLimited', /Wait 5 minutes/],
    [
      '429 with Retry-After',
      { type: 'status', status: 429, retryAfter: '42' },
      read,
      'rateLimited',
      /Wait 42 seconds/,
    ],
    ['404 on a read', { type: 'status', status: 404 }, read, 'notFound', /not in this account.*Refresh bots/],
    [
      '404 on a bot order',
      { type: 'status', status: 404 },
      { ...order, subject: 'bot' },
      'notFound',
      /bot is not in this account.*Refresh bots.*not placed/,
    ],
    [
      '404 on a trade order',
      { type: 'status', status: 404 },
      { ...order, subject: 'trade' },
      'notFound',
      /trade is not open.*Refresh open trades.*not placed/,
    ],
    [
      '400 on an order',
      { type: 'status', status: 400 },
      order,
      'badRequest',
      /Check the fields.*YYYY-MM-DD.*not placed/,
    ],
    [
      '500 on a read',
      { type: 'status', status: 500 },
      read,
      'server',
      /temporary: try again in a few moments/,
    ],
    [
      '500 on an order',
      { type: 'status', status: 500 },
      order,
      'server',
      /may have been placed: check open trades \(or the Trade Transparency page\) before sending it again/,
    ],
    ['network on a read', { type: 'network' }, read, 'network', /check your internet connection/],
    ['network on an order', { type: 'network' }, order, 'network', /may have been placed: check open trades/],
    [
      'timeout on an order',
      { type: 'timeout', ms: 15000 },
      order,
      'timeout',
      /No answer within 15 s\. The order may have been placed/,
    ],
    [
      'unreadable order answer',
      { type: 'badResponse', problem: 'the answer was empty' },
      order,
      'badResponse',
      /could not be read \(the answer was empty\).*check open trades/,
    ],
    [
      'validation',
      { type: 'invalid', fields: [{ field: 'trim', message: 'Trim is a whole percentage from 1 to 100.' }] },
      order,
      'invalid',
      /^Not sent: Trim is a whole percentage/,
    ],
  ])('%s', (_case, failure, context, kind, message) => {
    const error = apiError(failure, context);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('429 keeps the seconds to wait, and says nothing was placed for an order', () => {
    const error = apiError({ type: 'status', status: 429, retryAfter: '600' }, order);
    expect(error).toMatchObject({ kind: 'rateLimited', status: 429, retryAfterSeconds: 600 });
    expect(error.message).toMatch(/Wait 10 minutes.*The order was not placed\./);
    expect(apiError({ type: 'status', status: 429 }, order).retryAfterSeconds).toBeUndefined();
  });

  it('shows the reason and message of a refusal, and the request id to quote', () => {
    const answer = {
      reason: 'Invalid asset',
      message: 'SPYX is not supported',
      requestId: '47462f2d-378c-4bf5-a016-1c1221aa0e62',
    };
    const error = apiError({ type: 'rejected', status: 200, answer }, order);
    expect(error).toMatchObject({
      kind: 'rejected',
      reason: 'Invalid asset',
      detail: 'SPYX is not supported',
      requestId: '47462f2d-378c-4bf5-a016-1c1221aa0e62',
    });
    expect(error.message).toBe(
      'The order was refused. Server says: Invalid asset: SPYX is not supported. The order was not placed. Request id 47462f2d-378c-4bf5-a016-1c1221aa0e62.',
    );
  });

  it('adds the server words to a status error', () => {
    const error = apiError(
      { type: 'status', status: 400, answer: { reason: 'Invalid expiration', message: 'No such date' } },
      order,
    );
    expect(error.message).toContain('Server says: Invalid expiration: No such date.');
    expect(error.reason).toBe('Invalid expiration');
  });

  it('does not double the full stop a server already wrote', () => {
    const error = apiError(
      { type: 'status', status: 401, answer: { message: 'The webhook secret does not match any account.' } },
      order,
    );
    expect(error.message).toContain('Server says: The webhook secret does not match any account.');
    expect(error.message).not.toContain('..');
  });

  it('a refusal without words still says it was refused', () => {
    expect(apiError({ type: 'rejected', status: 200, answer: {} }, read).message).toMatch(
      /refused.*no reason/,
    );
  });

  it('redacts the secret from every text, including what the server echoed', () => {
    const echoed = `bad token ${SECRET} at /webhook/${SECRET}/enter`;
    const error = apiError(
      { type: 'status', status: 401, answer: { reason: echoed, message: echoed, requestId: SECRET } },
      order,
    );
    const all = JSON.stringify(error);
    expect(all).not.toContain(SECRET);
    expect(error.reason).toContain(SECRET_MASK);
    const bad = apiError(
      { type: 'badResponse', problem: `data.0.name should be text but is "${SECRET}"` },
      read,
    );
    expect(bad.message).not.toContain(SECRET);
  });
});

describe('orderOutcome', () => {
  const failed = (kind: ApiErrorKind): ApiResult<unknown> => ({ ok: false, error: { kind, message: '' } });

  it('placed only for an accepted answer', () => {
    expect(orderOutcome({ ok: true, value: { requestId: requestId('x'), payload: null }, status: 200 })).toBe(
      'placed',
    );
  });

  it.each<ApiErrorKind>(['badRequest', 'unauthorized', 'notFound', 'rateLimited', 'rejected', 'invalid'])(
    '%s is a definite refusal',
    (kind) => {
      expect(orderOutcome(failed(kind))).toBe('refused');
    },
  );

  it.each<ApiErrorKind>(['timeout', 'network', 'server', 'badResponse'])(
    '%s leaves the order unknown',
    (kind) => {
      expect(orderOutcome(failed(kind))).toBe('unknown');
    },
  );
});

describe('the 429 text (issue 15)', () => {
  it('names one length of block, the one the trader must wait', () => {
    const text = apiError({ type: 'status', status: 429, retryAfter: '60' }, order).message;
    expect(text).toContain('Wait 60 seconds');
    // It said "blocked for a 5-minute cooldown. Wait 60 seconds": two lengths for one block.
    expect(text).not.toMatch(/minute/);
    expect(apiError({ type: 'status', status: 429 }, order).message).toMatch(
      /^Too many requests \(429\): the account is blocked\. Wait 5 minutes \(the API's cooldown\)/,
    );
  });
});
