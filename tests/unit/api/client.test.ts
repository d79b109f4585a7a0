// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiOptions, createApi, MAX_ANSWER_BYTES } from '@/lib/api/client';
import type { Order } from '@/lib/api/types';
import { botId, tradeId } from '@/lib/api/types';
import { fixtureText } from './fixtures';

const SECRET = 'a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6';
const BASE = 'https://app.optionsautotrader.com';
const REQUEST_ID = '47462f2d-378c-4bf5-a016-1c1221aa0e62';

type Answer = () => Promise<Response>;

/** A fake fetch that records every request and answers with `answer`. */
function fakeServer(answer: Answer) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (request: Request) => {
    requests.push(request);
    return answer();
  });
  return { fetch, requests };
}

function api(answer: Answer, options: Partial<ApiOptions> = {}) {
  const server = fakeServer(answer);
  let clock = 1_000;
  const client = createApi({
    baseUrl: BASE,
    secret: SECRET,
    fetch: server.fetch,
    now: () => {
      clock += 25;
      return clock;
    },
    ...options,
  });
  return { client, ...server };
}

const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });

const html = (status: number) => async () =>
  new Response(
    `<!DOCTYPE html><html><body><h1>${status} Bad Gateway</h1>nginx /webhook/${SECRET}/enter</body></html>`,
    {
      status,
      headers: { 'Content-Type': 'text/html' },
    },
  );

const never: Answer = () => new Promise<Response>(() => {});

const enterBot: Order = { kind: 'enterBot', bot: botId(1234567) };

afterEach(() => {
  vi.useRealTimers();
});

describe('reads', () => {
  it('GET bots: the URL carries the secret, the answer is read', async () => {
    const { client, requests } = api(json(fixtureText('bots.json')));
    const result = await client.getBots();
    expect(result).toEqual({
      ok: true,
      status: 200,
      value: { user: 'email', bots: [{ id: 1234567, name: 'BEST BOT EVER', strategy: 'CREDIT SPREAD' }] },
    });
    const [request] = requests;
    expect(request?.method).toBe('GET');
    expect(request?.url).toBe(`${BASE}/webhook/${SECRET}/bots`);
    expect(request?.headers.get('accept')).toBe('application/json');
    expect(request?.headers.get('content-type')).toBeNull();
    expect(request?.credentials).toBe('omit');
  });

  it('GET trades, with a trailing slash on the base URL', async () => {
    const { client, requests } = api(json(fixtureText('trades.json')), { baseUrl: 'http://127.0.0.1:8787/' });
    const result = await client.getTrades();
    expect(result.ok && result.value[0]?.entryPrice).toBe(12.5);
    expect(requests[0]?.url).toBe(`http://127.0.0.1:8787/webhook/${SECRET}/trades`);
  });

  it('a wrong answer shape is a badResponse naming the field', async () => {
    const { client } = api(json({ success: true, user: 'u', data: [{ id: 1 }] }));
    const result = await client.getBots();
    expect(!result.ok && result.error).toMatchObject({ kind: 'badResponse', status: 200 });
    expect(!result.ok && result.error.message).toContain('data.0.name is missing');
  });

  it('null trades is an error, not "nothing open"', async () => {
    const { client } = api(json({ success: true, trades: null }));
    const result = await client.getTrades();
    expect(!result.ok && result.error.kind).toBe('badResponse');
  });

  it('success:false on a read is a refusal with the server words', async () => {
    const { client } = api(json({ success: false, reason: 'Account disabled', message: 'Contact support' }));
    const result = await client.getBots();
    expect(!result.ok && result.error).toMatchObject({
      kind: 'rejected',
      reason: 'Account disabled',
      detail: 'Contact support',
    });
  });

  it('a secret of the wrong shape is never sent', async () => {
    const { client, fetch } = api(json(fixtureText('bots.json')), { secret: 'not-a-secret' });
    const result = await client.getBots();
    expect(fetch).not.toHaveBeenCalled();
    expect(!result.ok && result.error).toMatchObject({ kind: 'invalid', fields: [{ field: 'secret' }] });
    expect(!result.ok && result.error.message).toMatch(/36 characters/);
  });

  it('a read is not retried either', async () => {
    const { client, fetch } = api(json({ success: false }, 500));
    const result = await client.getTrades();
    expect(!result.ok && result.error.kind).toBe('server');
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('times out after 10 s by default', async () => {
    vi.useFakeTimers();
    const { client } = api(never);
    let settled = false;
    const pending = client.getBots().then((result) => {
      settled = true;
      return result;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(!result.ok && result.error).toMatchObject({
      kind: 'timeout',
      message: expect.stringMatching(/10 s/),
    });
  });
});

describe('placeOrder sends each order exactly as the contract says', () => {
  it.each<[string, Order, string, Record<string, unknown> | null]>([
    ['enterBot', enterBot, 'enter/1234567', null],
    [
      'enterLegs',
      {
        kind: 'enterLegs',
        bot: botId(1234567),
        legs: [{ symbol: 'spy', quantity: -1, expiration: '2025-03-21', type: 'put', strike: 480 }],
      },
      'enter',
      {
        bot: 1234567,
        legs: [{ symbol: 'SPY', quantity: -1, expiration: '2025-03-21', type: 'put', strike: 480 }],
      },
    ],
    ['exitTrade', { kind: 'exitTrade', trade: tradeId(55) }, 'exit/55', null],
    [
      'closeBot',
      { kind: 'closeBot', bot: botId(1234567), close: 'all' },
      'exit',
      { bot: 1234567, close: 'all' },
    ],
    ['closeTrade', { kind: 'closeTrade', trade: tradeId(55) }, 'exit', { trade: 55 }],
    ['trimTrade', { kind: 'trimTrade', trade: tradeId(55), trim: 50 }, 'exit', { trade: 55, trim: 50 }],
  ])('%s', async (_case, order, path, body) => {
    const success = path.startsWith('enter') ? 'enter-success.json' : 'exit-success.json';
    const { client, requests } = api(json(fixtureText(success)));
    const placed = await client.placeOrder(order);
    expect(placed).toMatchObject({ outcome: 'placed', call: `POST ${path}`, body, latencyMs: 25 });
    expect(placed.result).toMatchObject({ ok: true, status: 200, value: { requestId: REQUEST_ID } });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(`${BASE}/webhook/${SECRET}/${path}`);
    expect(request?.redirect).toBe('error');
    if (body === null) {
      expect(await request?.text()).toBe('');
      expect(request?.headers.get('content-type')).toBeNull();
    } else {
      expect(JSON.parse((await request?.text()) ?? '')).toEqual(body);
      expect(request?.headers.get('content-type')).toBe('application/json');
    }
  });
});

describe('placeOrder outcomes', () => {
  it('an invalid order is refused here: fetch is never called', async () => {
    const { client, fetch } = api(json(fixtureText('enter-success.json')));
    const placed = await client.placeOrder({ kind: 'trimTrade', trade: tradeId(55), trim: 101 });
    expect(fetch).not.toHaveBeenCalled();
    expect(placed).toMatchObject({
      outcome: 'refused',
      call: 'POST exit',
      body: { trade: 55, trim: 101 },
      latencyMs: 0,
    });
    expect(!placed.result.ok && placed.result.error).toMatchObject({
      kind: 'invalid',
      fields: [{ field: 'trim' }],
    });
  });

  it('a malformed order (unknown kind) is refused without a crash', async () => {
    const { client, fetch } = api(json(fixtureText('enter-success.json')));
    const placed = await client.placeOrder({ kind: 'buyEverything' } as unknown as Order);
    expect(fetch).not.toHaveBeenCalled();
    expect(placed).toMatchObject({ outcome: 'refused', call: 'POST ?', body: null });
    expect(!placed.result.ok && placed.result.error.fields?.[0]?.field).toBe('kind');
  });

  it('an order with a badly shaped secret is never sent', async () => {
    const { client, fetch } = api(json(fixtureText('enter-success.json')), { secret: ` ${SECRET}` });
    const placed = await client.placeOrder(enterBot);
    expect(fetch).not.toHaveBeenCalled();
    expect(placed.outcome).toBe('refused');
  });

  it('success:false is refused, with reason, message and request id', async () => {
    const { client } = api(json(fixtureText('order-failure.json')));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('refused');
    expect(!placed.result.ok && placed.result.error).toMatchObject({
      kind: 'rejected',
      reason: 'Error message',
      detail: 'Detailed error information',
      requestId: REQUEST_ID,
    });
  });

  it('429 with Retry-After says how long', async () => {
    const { client } = api(json({ message: 'Too Many Attempts.' }, 429, { 'Retry-After': '120' }));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('refused');
    expect(!placed.result.ok && placed.result.error).toMatchObject({
      kind: 'rateLimited',
      status: 429,
      retryAfterSeconds: 120,
    });
    expect(!placed.result.ok && placed.result.error.message).toMatch(/Wait 2 minutes/);
  });

  it('429 without Retry-After waits the 5-minute cooldown', async () => {
    const { client } = api(async () => new Response('Too Many Requests', { status: 429 }));
    const placed = await client.placeOrder(enterBot);
    expect(!placed.result.ok && placed.result.error).toMatchObject({ kind: 'rateLimited' });
    expect(!placed.result.ok && placed.result.error.retryAfterSeconds).toBeUndefined();
    expect(!placed.result.ok && placed.result.error.message).toMatch(/Wait 5 minutes/);
  });

  it('400 with a failure body keeps the server words', async () => {
    const { client } = api(json({ success: false, reason: 'Invalid asset', message: 'SPYX' }, 400));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('refused');
    expect(!placed.result.ok && placed.result.error).toMatchObject({
      kind: 'badRequest',
      status: 400,
      reason: 'Invalid asset',
    });
  });

  it.each([
    [401, 'unauthorized'],
    [404, 'notFound'],
  ])('%i is refused as %s', async (status, kind) => {
    const { client } = api(async () => new Response('', { status }));
    const placed = await client.placeOrder({ kind: 'exitTrade', trade: tradeId(55) });
    expect(placed.outcome).toBe('refused');
    expect(!placed.result.ok && placed.result.error.kind).toBe(kind);
  });

  it('a 404 on a trade order talks about the trade', async () => {
    const { client } = api(async () => new Response('', { status: 404 }));
    const placed = await client.placeOrder({ kind: 'trimTrade', trade: tradeId(55), trim: 50 });
    expect(!placed.result.ok && placed.result.error.message).toMatch(/trade is not open/);
  });

  it('an HTML 502 page is a server error of unknown outcome, without the page in the message', async () => {
    const { client } = api(html(502));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error).toMatchObject({ kind: 'server', status: 502 });
    expect(!placed.result.ok && placed.result.error.message).not.toContain('<');
    expect(!placed.result.ok && placed.result.error.message).toMatch(/check open trades/);
  });

  it('an HTML page with status 200 is unreadable: unknown', async () => {
    const { client } = api(html(200));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error.message).toMatch(/a web page came back instead of data/);
  });

  it('an empty 200 body is unreadable: unknown', async () => {
    const { client } = api(async () => new Response(null, { status: 200 }));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error).toMatchObject({
      kind: 'badResponse',
      message: expect.stringMatching(/empty/),
    });
  });

  it('an accepted answer without its id is unknown, naming the field', async () => {
    const { client } = api(json({ success: true, payload: {} }));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error.message).toContain('id is missing');
  });

  it('a rejected fetch is a network failure of unknown outcome', async () => {
    const { client } = api(() => Promise.reject(new TypeError('Failed to fetch')));
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error.kind).toBe('network');
  });

  it('a fetch that throws synchronously does not crash', async () => {
    const client = createApi({
      baseUrl: BASE,
      secret: SECRET,
      fetch: () => {
        throw new Error('boom');
      },
    });
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
  });

  it('no answer at all times out (unknown) and aborts the request', async () => {
    const { client, requests } = api(never, { timeoutMs: 30 });
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error).toMatchObject({ kind: 'timeout' });
    expect(requests[0]?.signal.aborted).toBe(true);
  });

  it('a body that never ends times out too, and its stream is cancelled', async () => {
    let cancelled = false;
    const endless = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"success":tr'));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 200 },
      );
    const { client } = api(endless, { timeoutMs: 40 });
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error.kind).toBe('timeout');
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });

  it('stops reading past 1 MB', async () => {
    const huge = async () =>
      new Response(`{"success":true,"payload":"${'x'.repeat(MAX_ANSWER_BYTES)}"}`, { status: 200 });
    const { client } = api(huge);
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).toBe('unknown');
    expect(!placed.result.ok && placed.result.error.message).toMatch(/larger than 1 MB/);
  });
});

describe('every failure: one request at most, never the secret', () => {
  const failures: [string, Answer, Partial<ApiOptions>][] = [
    ['400', json({ success: false, reason: `bad /webhook/${SECRET}/enter` }, 400), {}],
    ['401', json({ message: `Unauthenticated ${SECRET}` }, 401), {}],
    ['404', json({}, 404), {}],
    ['429', json({}, 429, { 'Retry-After': '300' }), {}],
    ['500', json({ success: false, message: `Server Error at ${BASE}/webhook/${SECRET}/enter` }, 500), {}],
    ['502 html', html(502), {}],
    ['200 html', html(200), {}],
    ['200 refusal echoing the secret', json({ success: false, reason: SECRET, message: `id ${SECRET}` }), {}],
    ['200 wrong shape echoing the secret', json({ success: true, id: 12, secret: SECRET }), {}],
    ['200 empty', async () => new Response('', { status: 200 }), {}],
    [
      'rejected fetch',
      () => Promise.reject(new TypeError(`fetch ${BASE}/webhook/${SECRET}/enter failed`)),
      {},
    ],
    ['timeout', never, { timeoutMs: 20 }],
  ];

  it.each(failures)('%s', async (_case, answer, options) => {
    const { client, fetch } = api(answer, options);
    const placed = await client.placeOrder(enterBot);
    expect(placed.outcome).not.toBe('placed');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(placed)).not.toContain(SECRET);
    const read = await client.getBots();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(JSON.stringify(read)).not.toContain(SECRET);
  });
});
