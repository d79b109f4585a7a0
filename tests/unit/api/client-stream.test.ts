// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createStreamPolicy } from '@/entrypoints/background/stream-policy';
import { createApi } from '@/lib/api/client';
import { botId, type Order } from '@/lib/api/types';

const SECRET = 'f4c3b00c-1e55-4b1d-9a0f-5ec2e7a11d1e';
const legs: Order = {
  kind: 'enterLegs',
  bot: botId(1234567),
  legs: [{ symbol: 'spy', quantity: -1, expiration: '2026-12-18', type: 'put', strike: 560 }],
};

function capture(stream: boolean) {
  const seen: Request[] = [];
  const api = createApi({
    baseUrl: 'https://api.example',
    secret: SECRET,
    streamOrderBody: () => stream,
    fetch: async (request) => {
      seen.push(request);
      return new Response(JSON.stringify({ success: true, data: { id: 'r1' } }), { status: 200 });
    },
  });
  return { api, seen };
}

describe('order bodies as a stream, and the Idempotency-Key', () => {
  it('streams the body when asked, the same bytes as the plain one, and names the journal id', async () => {
    const streamed = capture(true);
    const plain = capture(false);
    await streamed.api.placeOrder(legs, { idempotencyKey: 'journal-1' });
    await plain.api.placeOrder(legs, { idempotencyKey: 'journal-2' });
    const [s] = streamed.seen;
    const [p] = plain.seen;
    expect(s?.headers.get('idempotency-key')).toBe('journal-1');
    expect(p?.headers.get('idempotency-key')).toBe('journal-2');
    expect(s?.body).toBeInstanceOf(ReadableStream);
    expect(await s?.text()).toBe(await p?.text());
  });

  it('a body-less order streams an empty body, so it cannot be resent either', async () => {
    const streamed = capture(true);
    await streamed.api.placeOrder({ kind: 'enterBot', bot: botId(1234567) });
    const [s] = streamed.seen;
    expect(s?.body).toBeInstanceOf(ReadableStream);
    expect(await s?.text()).toBe('');
    expect(s?.headers.has('content-type')).toBe(false);
  });

  it('reads are never streamed', async () => {
    const streamed = capture(true);
    await streamed.api.getTrades();
    expect(streamed.seen[0]?.body).toBeNull();
  });
});

describe('when to stream', () => {
  const perf = (protocols: string[]) => ({
    getEntriesByType: () =>
      protocols.map((nextHopProtocol) => ({
        name: 'https://api.example/webhook/x/trades',
        nextHopProtocol,
      })) as never,
    clearResourceTimings: () => {},
  });
  it('over HTTP/2 or 3 only, as the last read went', () => {
    const policy = (p: string[]) =>
      createStreamPolicy({
        origin: 'https://api.example',
        firefox: false,
        performance: perf(p),
        canStream: () => true,
      })();
    expect(policy(['http/1.1', 'h2'])).toBe(true);
    expect(policy(['h3'])).toBe(true);
    expect(policy(['h2', 'http/1.1'])).toBe(false);
    expect(policy([])).toBe(false);
  });
  it('never in Firefox, nor where a request body cannot be streamed', () => {
    expect(
      createStreamPolicy({
        origin: 'https://api.example',
        firefox: true,
        performance: perf(['h2']),
        canStream: () => true,
      })(),
    ).toBe(false);
    expect(
      createStreamPolicy({
        origin: 'https://api.example',
        firefox: false,
        performance: perf(['h2']),
        canStream: () => false,
      })(),
    ).toBe(false);
  });
});
