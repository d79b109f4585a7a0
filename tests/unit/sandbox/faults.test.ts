// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { controlRoutes, handleControl } from '../../../lib/sandbox/control';
import {
  FAULT_KINDS,
  isSocketReset,
  type Sandbox,
  type SandboxFault,
  SPX_IRON_CONDOR_BOT,
} from '../../../lib/sandbox/index';
import { BASE, call, HOST, makeSandbox, request } from './helpers';

const tradeCount = (sandbox: Sandbox): number => (sandbox.snapshot() as { trades: unknown[] }).trades.length;
const enter = (sandbox: Sandbox): Promise<Response> =>
  sandbox.fetch(request('POST', `enter/${SPX_IRON_CONDOR_BOT}`));

function armed(fault: SandboxFault): Sandbox {
  const sandbox = makeSandbox();
  sandbox.control.setFault(fault);
  return sandbox;
}

describe('faults', () => {
  it('lists every kind', () => {
    expect([...makeSandbox().control.faultKinds].sort()).toEqual(
      [
        'html502',
        'nonJson',
        'empty',
        'wrongTypes',
        'missingFields',
        'extraNesting',
        'huge',
        'neverEnds',
        'slow',
        'status429',
        'status500',
        'reset',
        'successFalse',
      ].sort(),
    );
    expect(FAULT_KINDS).toHaveLength(13);
  });

  it('html502: an HTML 502 page, and the order is still placed', async () => {
    const sandbox = armed({ kind: 'html502' });
    const response = await enter(sandbox);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('502 Bad Gateway');
    expect(tradeCount(sandbox)).toBe(5);
  });

  it('nonJson: 200 text/plain that is not JSON', async () => {
    const answer = await call(armed({ kind: 'nonJson' }), 'GET', 'bots');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    expect(() => JSON.parse(answer.text)).toThrow();
  });

  it('empty: 200 with an empty body', async () => {
    const answer = await call(armed({ kind: 'empty' }), 'GET', 'trades');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('');
  });

  it('wrongTypes: ids come back as objects', async () => {
    const bots = await call(armed({ kind: 'wrongTypes' }), 'GET', 'bots');
    expect(typeof bots.json.data[0].id).toBe('object');
    const order = await call(armed({ kind: 'wrongTypes' }), 'POST', `enter/${SPX_IRON_CONDOR_BOT}`);
    expect(typeof order.json.id).toBe('object');
  });

  it('missingFields: the user and the ids are gone', async () => {
    const bots = await call(armed({ kind: 'missingFields' }), 'GET', 'bots');
    expect(bots.json.success).toBe(true);
    expect(bots.json.user).toBeUndefined();
    expect(bots.json.data[0].id).toBeUndefined();
    const trades = await call(armed({ kind: 'missingFields' }), 'GET', 'trades');
    expect(trades.json.trades[0].id).toBeUndefined();
    expect(trades.json.trades[0].profit_loss).toBeUndefined();
  });

  it('extraNesting: lists are wrapped one level deeper', async () => {
    const bots = await call(armed({ kind: 'extraNesting' }), 'GET', 'bots');
    expect(Array.isArray(bots.json.data.data)).toBe(true);
    const trades = await call(armed({ kind: 'extraNesting' }), 'GET', 'trades');
    expect(Array.isArray(trades.json.trades.trades)).toBe(true);
  });

  it('huge: a ~5 MB body that is still valid JSON', async () => {
    const answer = await call(armed({ kind: 'huge' }), 'GET', 'bots');
    expect(answer.text.length).toBeGreaterThan(5_000_000);
    expect(answer.text.length).toBeLessThan(5_400_000);
    expect(answer.json.success).toBe(true);
  });

  it('neverEnds: a first chunk, then nothing until the request is aborted; the order is placed', async () => {
    const sandbox = armed({ kind: 'neverEnds' });
    const abort = new AbortController();
    const response = await sandbox.fetch(
      new Request(`${BASE}/enter/${SPX_IRON_CONDOR_BOT}`, { method: 'POST', signal: abort.signal }),
    );
    expect(response.status).toBe(200);
    expect(tradeCount(sandbox)).toBe(5);
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no body');
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('{"success":true,');
    const next = reader.read();
    const pending = await Promise.race([next.then(() => 'ended'), wait(100).then(() => 'pending')]);
    expect(pending).toBe('pending');
    abort.abort();
    await expect(next).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('slow: answers only after the delay, with the order already placed meanwhile', async () => {
    const sandbox = armed({ kind: 'slow', delayMs: 150 });
    const started = Date.now();
    const pending = enter(sandbox);
    await wait(20);
    expect(tradeCount(sandbox)).toBe(5);
    const response = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await response.json()).success).toBe(true);
  });

  it('slow: an abort ends the wait with an AbortError', async () => {
    const sandbox = armed({ kind: 'slow', delayMs: 10_000 });
    const abort = new AbortController();
    const pending = sandbox.fetch(new Request(`${BASE}/bots`, { signal: abort.signal }));
    setTimeout(() => abort.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('status429 with Retry-After: no order, and the account is not really blocked', async () => {
    const sandbox = armed({ kind: 'status429', retryAfterSeconds: 7, count: 1 });
    const response = await enter(sandbox);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(tradeCount(sandbox)).toBe(4);
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(200);
  });

  it('status429 without Retry-After', async () => {
    const response = await armed({ kind: 'status429' }).fetch(request('GET', 'trades'));
    expect(response.status).toBe(429);
    expect(response.headers.has('retry-after')).toBe(false);
  });

  it('status500: a 500, and the order is still placed', async () => {
    const sandbox = armed({ kind: 'status500' });
    expect((await enter(sandbox)).status).toBe(500);
    expect(tradeCount(sandbox)).toBe(5);
  });

  it('reset: flagged for a Node server to drop the socket; in process the body errors; the order is placed', async () => {
    const sandbox = armed({ kind: 'reset' });
    const response = await enter(sandbox);
    expect(isSocketReset(response)).toBe(true);
    await expect(response.text()).rejects.toThrow();
    expect(tradeCount(sandbox)).toBe(5);
    expect(sandbox.control.requests().at(-1)).toMatchObject({ status: 0, fault: 'reset' });
    expect(isSocketReset(await makeSandbox().fetch(request('GET', 'bots')))).toBe(false);
  });

  it('successFalse: success false with reason and message, and nothing placed', async () => {
    const sandbox = armed({ kind: 'successFalse' });
    const answer = await call(sandbox, 'POST', `enter/${SPX_IRON_CONDOR_BOT}`);
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(false);
    expect(answer.json.reason.length).toBeGreaterThan(0);
    expect(answer.json.message.length).toBeGreaterThan(0);
    expect(tradeCount(sandbox)).toBe(4);
    expect((await call(sandbox, 'GET', 'bots')).json.success).toBe(false);
  });

  it('reachesAccount: false keeps an order from being placed behind any fault', async () => {
    const sandbox = armed({ kind: 'html502', reachesAccount: false });
    expect((await enter(sandbox)).status).toBe(502);
    expect(tradeCount(sandbox)).toBe(4);
    const mangled = armed({ kind: 'wrongTypes', reachesAccount: false });
    const answer = await call(mangled, 'POST', `enter/${SPX_IRON_CONDOR_BOT}`);
    expect(typeof answer.json.id).toBe('object');
    expect(tradeCount(mangled)).toBe(4);
  });

  it('count: hits only the next N requests, then clears itself', async () => {
    const sandbox = armed({ kind: 'status500', count: 2 });
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(500);
    expect(sandbox.control.fault()).toMatchObject({ kind: 'status500', count: 1 });
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(500);
    expect(sandbox.control.fault()).toBeNull();
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(200);
  });

  it('without a count it hits every request until cleared', async () => {
    const sandbox = armed({ kind: 'status500' });
    for (let i = 0; i < 5; i++) expect((await call(sandbox, 'GET', 'trades')).status).toBe(500);
    sandbox.control.setFault(null);
    expect((await call(sandbox, 'GET', 'trades')).status).toBe(200);
  });

  it('match: orders leaves reads alone; reads leaves orders alone', async () => {
    const orders = armed({ kind: 'status500', match: 'orders' });
    expect((await call(orders, 'GET', 'bots')).status).toBe(200);
    expect((await enter(orders)).status).toBe(500);
    const reads = armed({ kind: 'status500', match: 'reads' });
    expect((await enter(reads)).status).toBe(200);
    expect((await call(reads, 'GET', 'bots')).status).toBe(500);
  });

  it('records faulted requests in the log with their fault', async () => {
    const sandbox = armed({ kind: 'html502', count: 1 });
    await enter(sandbox);
    await call(sandbox, 'GET', 'bots');
    expect(sandbox.control.requests().map((r) => [r.method, r.path, r.status, r.fault])).toEqual([
      ['POST', `/webhook/{secret}/enter/${SPX_IRON_CONDOR_BOT}`, 502, 'html502'],
      ['GET', '/webhook/{secret}/bots', 200, null],
    ]);
  });
});

describe('control routes', () => {
  const control = (sandbox: Sandbox, method: string, path: string, body?: unknown) =>
    handleControl(
      sandbox,
      new Request(`${HOST}/__sandbox/${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );

  it('are not reachable through the API', async () => {
    const sandbox = makeSandbox();
    const response = await sandbox.fetch(new Request(`${HOST}/__sandbox/state`));
    expect(response.status).toBe(404);
    expect(handleControl(sandbox, new Request(`${BASE}/bots`))).toBeNull();
  });

  it('arm and clear faults, move the clock, read the log and reset', async () => {
    const sandbox = makeSandbox();
    const armedAnswer = await control(sandbox, 'POST', 'fault', { kind: 'status500', count: 1 });
    expect(armedAnswer?.status).toBe(200);
    expect(sandbox.control.fault()).toEqual({ kind: 'status500', count: 1 });
    expect((await control(sandbox, 'POST', 'fault', { kind: 'meteor' }))?.status).toBe(400);
    expect((await control(sandbox, 'DELETE', 'fault'))?.status).toBe(200);
    expect(sandbox.control.fault()).toBeNull();

    await control(sandbox, 'POST', 'advance', { ms: 5000 });
    expect(sandbox.control.now()).toBe(makeSandbox().control.now() + 5000);
    await control(sandbox, 'POST', 'now', { ms: 42 });
    expect(sandbox.control.now()).toBe(42);
    expect((await control(sandbox, 'POST', 'advance', { ms: 'soon' }))?.status).toBe(400);

    await call(sandbox, 'GET', 'bots');
    const log = await (await control(sandbox, 'GET', 'requests'))?.json();
    expect(log).toHaveLength(1);
    await control(sandbox, 'DELETE', 'requests');
    expect(sandbox.control.requests()).toEqual([]);

    const state = await (await control(sandbox, 'GET', 'state'))?.json();
    expect(state.now).toBe(42);
    expect(state.account.trades).toHaveLength(4);
    await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, close: 'all' });
    const tradeId = (sandbox.snapshot() as { trades: { id: number }[] }).trades[0]?.id;
    expect((await control(sandbox, 'POST', `trades/${tradeId}/close`))?.status).toBe(200);
    expect((await control(sandbox, 'POST', `trades/${tradeId}/close`))?.status).toBe(404);
    await control(sandbox, 'POST', 'reset');
    expect(tradeCount(sandbox)).toBe(4);
  });

  it('controlRoutes is a Hono app another server can mount', async () => {
    const routes = controlRoutes(makeSandbox());
    const response = await routes.fetch(new Request(`${HOST}/__sandbox/fault`));
    expect(await response.json()).toMatchObject({ fault: null, faultKinds: FAULT_KINDS });
  });
});

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
