import { describe, expect, it } from 'vitest';
import type { ApiErrorKind } from '@/lib/api/types';
import type { JournalStatus } from '@/lib/messaging/protocol';
import { FAULT_KINDS, FAULT_REACHES_ACCOUNT, type FaultKind, type SandboxFault } from '@/lib/sandbox';
import {
  createRig,
  expectClearMessage,
  faultFileLifecycle,
  LIVE_SECRET,
  ORDER_KINDS,
  type OrderKindName,
  RECOVERY_ORDER,
  type Rig,
  secretIn,
  T0,
} from './harness';

/**
 * Every bad answer the sandbox can give, on reads (refresh, connection test) and on each order
 * kind, each run through the router as a view sends it. What must hold for each: a clear message
 * in the view that asked, nothing thrown, the order POSTed exactly once, the journal's status
 * matching what can be known (unknown whenever the order may have gone through), a 429 setting the
 * block, and the service working again once the fault is gone.
 */

const FIVE_MIN = 5 * 60_000;
const ENTRIES: ReadonlySet<OrderKindName> = new Set(['enterBot', 'enterLegs']);

/** What a read error must be called, per fault. */
const READ_ERROR: Record<FaultKind, ApiErrorKind> = {
  html502: 'server',
  nonJson: 'badResponse',
  empty: 'badResponse',
  wrongTypes: 'badResponse',
  missingFields: 'badResponse',
  extraNesting: 'badResponse',
  huge: 'badResponse',
  neverEnds: 'timeout',
  slow: 'timeout',
  status429: 'rateLimited',
  status500: 'server',
  reset: 'network',
  successFalse: 'rejected',
};

/** What an order's journal entry must say, per fault: unknown whenever it may have been placed. */
function orderStatus(kind: FaultKind, order: OrderKindName): JournalStatus {
  switch (kind) {
    case 'status429':
    case 'successFalse':
      return 'refused';
    case 'extraNesting':
      // An entry's payload is a list, which the fault nests while `success` and `id` stay readable:
      // the acceptance is still legible. An exit's payload is an object, which gets wrapped whole.
      return ENTRIES.has(order) ? 'placed' : 'unknown';
    default:
      return 'unknown';
  }
}

const ORDER_ERROR: Partial<Record<FaultKind, ApiErrorKind>> = {
  status429: 'rateLimited',
  successFalse: 'rejected',
};

interface ReadCase {
  name: string;
  via: 'refresh' | 'test' | 'testTyped';
  fault: SandboxFault;
  error: ApiErrorKind | null;
  blockMs?: number;
}

interface OrderCase {
  name: string;
  order: OrderKindName;
  fault: SandboxFault;
  status: JournalStatus;
  error?: ApiErrorKind;
  blockMs?: number;
  /** The follow-up reads the order starts are hit too (`match: 'all'`). */
  readsHit?: boolean;
}

const reads = (kind: FaultKind, extra: Partial<SandboxFault> = {}): SandboxFault => ({
  kind,
  match: 'reads',
  ...extra,
});
const orders = (kind: FaultKind, extra: Partial<SandboxFault> = {}): SandboxFault => ({
  kind,
  match: 'orders',
  ...extra,
});

const readCases: ReadCase[] = FAULT_KINDS.flatMap((kind): ReadCase[] => {
  const blockMs = kind === 'status429' ? FIVE_MIN : undefined;
  return [
    {
      name: 'refresh of bots and trades',
      via: 'refresh',
      fault: reads(kind),
      error: READ_ERROR[kind],
      blockMs,
    },
    {
      name: 'connection test with the saved secret',
      via: 'test',
      fault: reads(kind),
      error: READ_ERROR[kind],
      blockMs,
    },
    {
      name: 'connection test with a typed secret',
      via: 'testTyped',
      fault: reads(kind, { count: 1 }),
      error: READ_ERROR[kind],
      blockMs,
    },
  ];
});

readCases.push(
  {
    name: 'refresh: Retry-After of 15 minutes blocks 15 minutes',
    via: 'refresh',
    fault: reads('status429', { retryAfterSeconds: 900 }),
    error: 'rateLimited',
    blockMs: 900_000,
  },
  {
    name: 'refresh: Retry-After of 30 s still blocks the contract’s 5 minutes',
    via: 'refresh',
    fault: reads('status429', { retryAfterSeconds: 30 }),
    error: 'rateLimited',
    blockMs: FIVE_MIN,
  },
  {
    name: 'connection test: Retry-After of 10 minutes blocks 10 minutes',
    via: 'test',
    fault: reads('status429', { retryAfterSeconds: 600 }),
    error: 'rateLimited',
    blockMs: 600_000,
  },
  {
    name: 'refresh: a big but readable answer (300 kB) is read',
    via: 'refresh',
    fault: reads('huge', { sizeBytes: 300_000 }),
    error: null,
  },
  {
    name: 'refresh: an answer slower than usual but inside the deadline is read',
    via: 'refresh',
    fault: reads('slow', { delayMs: 20 }),
    error: null,
  },
);

const orderCases: OrderCase[] = FAULT_KINDS.flatMap((kind) =>
  ORDER_KINDS.map(
    (order): OrderCase => ({
      name: order,
      order,
      fault: orders(kind),
      status: orderStatus(kind, order),
      error: ORDER_ERROR[kind],
      blockMs: kind === 'status429' ? FIVE_MIN : undefined,
    }),
  ),
);

orderCases.push(
  ...(
    ['html502', 'status500', 'reset', 'neverEnds', 'slow', 'nonJson', 'empty', 'wrongTypes', 'huge'] as const
  ).map(
    (kind): OrderCase => ({
      name: 'enterBot, lost before reaching the account: still unknown, account unchanged',
      order: 'enterBot',
      fault: orders(kind, { reachesAccount: false }),
      status: 'unknown',
    }),
  ),
  {
    name: 'exitTrade: Retry-After of 15 minutes blocks 15 minutes',
    order: 'exitTrade',
    fault: orders('status429', { retryAfterSeconds: 900 }),
    status: 'refused',
    error: 'rateLimited',
    blockMs: 900_000,
  },
  {
    name: 'enterBot: Retry-After of 30 s still blocks the contract’s 5 minutes',
    order: 'enterBot',
    fault: orders('status429', { retryAfterSeconds: 30 }),
    status: 'refused',
    error: 'rateLimited',
    blockMs: FIVE_MIN,
  },
  {
    name: 'enterBot: Retry-After of 0 s still blocks the contract’s 5 minutes',
    order: 'enterBot',
    fault: orders('status429', { retryAfterSeconds: 0 }),
    status: 'refused',
    error: 'rateLimited',
    blockMs: FIVE_MIN,
  },
  {
    name: 'enterBot: a big but readable acceptance (300 kB) is placed',
    order: 'enterBot',
    fault: orders('huge', { sizeBytes: 300_000 }),
    status: 'placed',
  },
  {
    name: 'closeBot: an acceptance slower than usual but inside the deadline is placed',
    order: 'closeBot',
    fault: orders('slow', { delayMs: 20 }),
    status: 'placed',
  },
  ...(['status500', 'reset', 'html502', 'nonJson'] as const).map(
    (kind): OrderCase => ({
      name: 'enterBot, fault on every request: the order and its follow-up reads',
      order: 'enterBot',
      fault: { kind, match: 'all' },
      status: 'unknown',
      readsHit: true,
    }),
  ),
);

// Fresh storage per case; nothing this file does may print or answer the secret.
faultFileLifecycle();

/** After the fault: reads come back, and a different order is placed, once. */
async function expectRecovery(rig: Rig, blockMs: number | undefined, postsBefore: number): Promise<void> {
  rig.live.control.setFault(null);
  rig.advance((blockMs ?? 0) + 1_000);
  const state = await rig.ask({ type: 'reads.refresh' });
  expect(state.readError, 'reads work again').toBeNull();
  expect(state.bots.length).toBeGreaterThan(0);
  expect(state.budget.blockedUntil).toBeNull();
  const again = await rig.place(RECOVERY_ORDER);
  expect(again.status, 'a following order is placed').toBe('placed');
  await rig.settled();
  expect(rig.posts()).toHaveLength(postsBefore + 1);
}

/** Nothing malformed got into the cache the views draw from. */
function expectSaneCache(state: { bots: { id: unknown; name: unknown }[]; openTrades: { id: unknown }[] }) {
  for (const bot of state.bots) {
    expect(Number.isSafeInteger(bot.id)).toBe(true);
    expect(typeof bot.name).toBe('string');
  }
  for (const trade of state.openTrades) expect(Number.isSafeInteger(trade.id)).toBe(true);
}

async function runReadCase(c: ReadCase): Promise<void> {
  const rig = createRig();
  await rig.goLive();
  rig.live.control.setFault(c.fault);
  let error: { kind: string; message: string } | null | undefined;
  if (c.via === 'refresh') {
    const state = await rig.ask({ type: 'reads.refresh' });
    error = state.readError;
    expectSaneCache(state);
    if (c.error === null) expect(state.bots.length).toBeGreaterThan(0);
  } else {
    const reply = await rig.ask({
      type: 'connection.test',
      ...(c.via === 'testTyped' ? { secret: ` ${LIVE_SECRET} ` } : {}),
    });
    expect(reply.ok).toBe(c.error === null);
    error = reply.error ?? null;
  }
  if (c.error === null) {
    expect(error).toBeNull();
  } else {
    expect(error?.kind).toBe(c.error);
    expectClearMessage(error?.message, `${c.fault.kind} read error`);
  }
  expect(rig.posts()).toHaveLength(0);
  expect(rig.gets().length).toBeGreaterThan(0);
  const state = await rig.ask({ type: 'state.get' });
  expect(state.budget.blockedUntil).toBe(c.blockMs === undefined ? null : T0 + c.blockMs);
  if (c.blockMs !== undefined) {
    // During the block nothing is sent: not a read, not an order.
    const sent = rig.live.control.requests().length;
    await rig.ask({ type: 'reads.refresh' });
    const held = await rig.place(RECOVERY_ORDER);
    expect(held).toMatchObject({ status: 'held', reason: 'blocked', until: T0 + c.blockMs });
    expectClearMessage(held.message, 'blocked order');
    expect(rig.live.control.requests()).toHaveLength(sent);
  }
  await expectRecovery(rig, c.blockMs, 0);
}

async function runOrderCase(c: OrderCase): Promise<void> {
  const rig = createRig();
  await rig.goLive();
  // The views have drawn bots and trades before the trader clicks.
  expect((await rig.ask({ type: 'reads.refresh' })).readError).toBeNull();
  rig.live.control.clearRequests();
  const before = rig.trades();
  rig.live.control.setFault(c.fault);

  const reply = await rig.place(rig.orders()[c.order]);
  await rig.settled();

  expect(reply.status).toBe(c.status);
  expectClearMessage(reply.message, `${c.fault.kind} ${c.order} reply`);
  if (reply.status === 'refused') {
    expect(reply.error.kind).toBe(c.error);
    expectClearMessage(reply.error.message, 'refusal error');
  }
  if (reply.status === 'unknown') expect(reply.message).toMatch(/open trades/i);

  const posts = rig.posts();
  expect(posts, 'the order is POSTed exactly once').toHaveLength(1);
  expect(posts[0]?.fault).toBe(c.fault.kind);

  const reaches = c.fault.reachesAccount ?? FAULT_REACHES_ACCOUNT[c.fault.kind];
  expect(rig.trades() !== before, 'the account changed exactly when the order reached it').toBe(reaches);

  const journal = await rig.ask({ type: 'journal.list' });
  expect(journal).toHaveLength(1);
  const entry = journal[0];
  expect(entry?.status).toBe(c.status);
  expect(entry?.mode).toBe('live');
  if (c.status !== 'placed') expectClearMessage(entry?.message, 'journal message');
  if (c.status === 'placed') expect(entry?.requestId).toMatch(/^[0-9a-f-]{36}$/);

  const state = await rig.ask({ type: 'state.get' });
  expect(state.inFlight).toEqual([]);
  expect(state.budget.blockedUntil).toBe(c.blockMs === undefined ? null : T0 + c.blockMs);
  if (c.readsHit) {
    expect(state.readError).not.toBeNull();
    expectClearMessage(state.readError?.message, 'follow-up read error');
  } else {
    // Only orders were hit: the reads the order started came back fine (or were held by a block).
    expect(state.readError).toBeNull();
  }
  await expectRecovery(rig, c.blockMs, 1);
}

describe('API responses', () => {
  for (const kind of FAULT_KINDS) {
    describe(kind, () => {
      for (const c of readCases.filter((x) => x.fault.kind === kind)) {
        it(`read: ${c.name}`, () => runReadCase(c));
      }
      for (const c of orderCases.filter((x) => x.fault.kind === kind)) {
        it(`order: ${c.name}${c.fault.reachesAccount === false ? ' (not reaching the account)' : ''}`, () =>
          runOrderCase(c));
      }
    });
  }

  describe('status500', () => {
    it('burst: 500 after 500 on reads and three different orders, each order sent once, then all works', async () => {
      const rig = createRig();
      await rig.goLive();
      const orders = rig.orders();
      rig.live.control.setFault({ kind: 'status500' });
      const state = await rig.ask({ type: 'reads.refresh' });
      expect(state.readError?.kind).toBe('server');
      expectClearMessage(state.readError?.message, 'burst read');
      const replies = [];
      for (const order of [orders.enterBot, orders.exitTrade, orders.closeBot]) {
        replies.push(await rig.place(order));
        await rig.settled();
      }
      expect(replies.map((r) => r.status)).toEqual(['unknown', 'unknown', 'unknown']);
      for (const reply of replies) expectClearMessage(reply.message, 'burst order');
      expect(rig.posts().map((p) => p.path.replace(/^\/webhook\/\{secret\}\//, ''))).toEqual([
        `enter/${orders.enterBot.kind === 'enterBot' ? orders.enterBot.bot : ''}`,
        `exit/${orders.exitTrade.kind === 'exitTrade' ? orders.exitTrade.trade : ''}`,
        'exit',
      ]);
      expect(rig.gets().length).toBeGreaterThanOrEqual(2);
      expect(rig.gets().every((g) => g.status === 500)).toBe(true);
      const journal = await rig.ask({ type: 'journal.list' });
      expect(journal.map((e) => e.status)).toEqual(['unknown', 'unknown', 'unknown']);
      // The same order after an unknown outcome is not resent without the trader's word.
      rig.live.control.setFault(null);
      await rig.setSettings({ oneClickLive: true });
      rig.advance(10_000);
      expect(await rig.place(orders.enterBot, { confirmed: false })).toMatchObject({
        status: 'held',
        reason: 'repeat',
      });
      expect(rig.posts()).toHaveLength(3);
      await expectRecovery(rig, undefined, 3);
    });
  });

  describe('mixed', () => {
    for (const kind of ['html502', 'reset', 'neverEnds', 'status500', 'successFalse'] as const) {
      it(`reads failing with ${kind} do not stop an order`, async () => {
        const rig = createRig();
        await rig.goLive();
        rig.live.control.setFault(reads(kind));
        expect((await rig.ask({ type: 'reads.refresh' })).readError?.kind).toBe(READ_ERROR[kind]);
        const reply = await rig.place(rig.orders().enterBot);
        await rig.settled();
        expect(reply.status).toBe('placed');
        expect(rig.posts()).toHaveLength(1);
        expect(rig.posts()[0]?.fault).toBeNull();
        const journal = await rig.ask({ type: 'journal.list' });
        expect(journal[0]?.status).toBe('placed');
      });
    }
    it('a network that rejects with the URL in its error text: unknown, no secret in any text', async () => {
      const rig = createRig({
        liveFetch: async (request) => {
          if (request.method === 'POST') throw new TypeError(`Failed to fetch ${request.url}`);
          throw new TypeError(`NetworkError when attempting to fetch resource ${request.url}`);
        },
      });
      await rig.goLive();
      const state = await rig.ask({ type: 'reads.refresh' });
      expect(state.readError?.kind).toBe('network');
      expectClearMessage(state.readError?.message, 'rejected read');
      const reply = await rig.place(rig.orders().enterBot);
      await rig.settled();
      expect(reply.status).toBe('unknown');
      expectClearMessage(reply.message, 'rejected order');
      const journal = await rig.ask({ type: 'journal.list' });
      expect(journal[0]?.status).toBe('unknown');
      expect(secretIn(JSON.stringify([state, reply, journal]))).toBeNull();
    });
  });
});
