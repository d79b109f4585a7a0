// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  createSandbox,
  DEMO_USER,
  DISABLED_BOT,
  GENERIC_BOT,
  PAPER_SECRET,
  QQQ_SHORT_PUT_BOT,
  SPX_IRON_CONDOR_BOT,
  SPY_CREDIT_SPREAD_BOT,
} from '../../../lib/sandbox/index';
import { BASE, call, HOST, makeSandbox, openTrades, request, SECRET, T0, UUID } from './helpers';

const MINUTE = 60_000;
const ENTERED_AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

function snapshotTrades(state: unknown): { id: number; bot: number; contracts: number; enteredAt: number }[] {
  return (state as { trades: { id: number; bot: number; contracts: number; enteredAt: number }[] }).trades;
}

describe('seeded demo account', () => {
  it('lists the demo bots with 7-digit ids, names, strategies and brokers', async () => {
    const answer = await call(makeSandbox(), 'GET', 'bots');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('application/json');
    expect(answer.json.success).toBe(true);
    expect(answer.json.user).toBe(DEMO_USER);
    const bots: { id: number; name: string; strategy: string; broker: string }[] = answer.json.data;
    expect(bots.map((b) => b.id)).toEqual([
      SPX_IRON_CONDOR_BOT,
      SPY_CREDIT_SPREAD_BOT,
      QQQ_SHORT_PUT_BOT,
      GENERIC_BOT,
      DISABLED_BOT,
    ]);
    for (const bot of bots) {
      expect(Number.isInteger(bot.id) && bot.id >= 1_000_000 && bot.id <= 9_999_999).toBe(true);
      expect(bot.name.length).toBeGreaterThan(0);
      expect(bot.strategy.length).toBeGreaterThan(0);
      expect(['TastyTrade', 'Tradier']).toContain(bot.broker);
    }
    expect(bots.map((b) => b.strategy)).toEqual(
      expect.arrayContaining(['IRON CONDOR', 'CREDIT SPREAD', 'SHORT PUT']),
    );
  });

  it('has open trades in the contract shape, entered before now', async () => {
    const answer = await call(makeSandbox(), 'GET', 'trades');
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    const trades = answer.json.trades;
    expect(trades.length).toBeGreaterThanOrEqual(3);
    for (const trade of trades) {
      expect(Object.keys(trade).sort()).toEqual(
        [
          'entered_at',
          'entry_price',
          'id',
          'percentage_profit_loss',
          'profit_loss',
          'strategy',
          'symbol',
        ].sort(),
      );
      expect(Number.isInteger(trade.id) && trade.id >= 1_000_000 && trade.id <= 9_999_999).toBe(true);
      expect(trade.entered_at).toMatch(ENTERED_AT);
      expect(trade.entered_at < '2025-01-15 15:00:00').toBe(true);
      expect(trade.entry_price).toBeGreaterThan(0);
      expect(typeof trade.profit_loss).toBe('number');
      expect(typeof trade.percentage_profit_loss).toBe('number');
    }
    const kinds = trades.map((t: { symbol: string; strategy: string }) => `${t.symbol} ${t.strategy}`);
    expect(kinds).toEqual(expect.arrayContaining(['SPX IRON CONDOR', 'SPY CREDIT SPREAD', 'QQQ SHORT PUT']));
    // The newest seeded trade went in 35 minutes ago, shown as wall-clock time without a zone.
    expect(trades.map((t: { entered_at: string }) => t.entered_at)).toContain('2025-01-15 14:25:00');
  });

  it('moves P&L with the clock, signed, deterministically from the seed', async () => {
    const readAt = async (seed: number, offset: number) => {
      const sandbox = makeSandbox({ seed });
      sandbox.control.advance(offset);
      const trades = await openTrades(sandbox);
      return trades.map((t) => (t as unknown as { profit_loss: number }).profit_loss);
    };
    const first = await readAt(7, 0);
    const later = await readAt(7, 12 * MINUTE);
    expect(later).not.toEqual(first);
    expect(await readAt(7, 12 * MINUTE)).toEqual(later);
    expect(await readAt(8, 12 * MINUTE)).not.toEqual(later);

    const seen: number[] = [];
    for (let minutes = 0; minutes < 600; minutes += 7) seen.push(...(await readAt(7, minutes * MINUTE)));
    expect(seen.some((pl) => pl > 0)).toBe(true);
    expect(seen.some((pl) => pl < 0)).toBe(true);
  });

  it('opens a new trade at zero P&L and at the entry price', async () => {
    const sandbox = makeSandbox();
    await call(sandbox, 'POST', `enter/${QQQ_SHORT_PUT_BOT}`);
    const trades = (await call(sandbox, 'GET', 'trades')).json.trades;
    const newest = trades[trades.length - 1];
    expect(newest.entered_at).toBe('2025-01-15 15:00:00');
    expect(newest.profit_loss).toBe(0);
    expect(newest.percentage_profit_loss).toBe(0);
  });
});

describe('POST enter/{bot}', () => {
  it("opens a trade with the bot's own settings and returns a request uuid", async () => {
    const sandbox = makeSandbox();
    const before = await openTrades(sandbox);
    const answer = await call(sandbox, 'POST', `enter/${SPX_IRON_CONDOR_BOT}`);
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    expect(answer.json.id).toMatch(UUID);
    expect(answer.json.payload).toHaveLength(4);
    for (const leg of answer.json.payload) {
      expect(leg.symbol).toBe('SPX');
      expect(leg.expiration).toBe('2025-01-15');
      expect(leg.strike % 5).toBe(0);
    }
    const after = await openTrades(sandbox);
    expect(after).toHaveLength(before.length + 1);
    const added = after.find((t) => !before.some((b) => b.id === t.id));
    expect(added).toMatchObject({ symbol: 'SPX', strategy: 'IRON CONDOR' });
    expect(snapshotTrades(sandbox.snapshot()).find((t) => t.id === added?.id)?.bot).toBe(SPX_IRON_CONDOR_BOT);
  });

  it('refuses a bot not enabled for entries with success false, and places nothing', async () => {
    const sandbox = makeSandbox();
    const before = await openTrades(sandbox);
    const answer = await call(sandbox, 'POST', `enter/${DISABLED_BOT}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ success: false, reason: 'Bot not enabled for trade entries' });
    expect(answer.json.id).toMatch(UUID);
    expect(answer.json.message.length).toBeGreaterThan(0);
    expect(await openTrades(sandbox)).toEqual(before);
  });

  it('refuses a generic bot that has no entry settings', async () => {
    const answer = await call(makeSandbox(), 'POST', `enter/${GENERIC_BOT}`);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ success: false, reason: 'Bot has no entry settings' });
  });

  it('answers 404 for a bot that is not in the account', async () => {
    for (const path of ['enter/1234567', 'enter/abc', 'enter/-4821937']) {
      const answer = await call(makeSandbox(), 'POST', path);
      expect(answer.status, path).toBe(404);
      expect(answer.json.success).toBe(false);
    }
  });
});

describe('POST enter with legs', () => {
  const leg = (over: Record<string, unknown> = {}) => ({
    symbol: 'SPX',
    quantity: -1,
    expiration: '2025-01-17',
    type: 'put',
    strike: 5800,
    ...over,
  });

  it('enters listed legs as given and echoes them', async () => {
    const sandbox = makeSandbox();
    const legs = [leg({ strike: 5700, quantity: 1 }), leg({ strike: 5720, quantity: -1 })];
    const answer = await call(sandbox, 'POST', 'enter', { bot: GENERIC_BOT, legs });
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    expect(answer.json.id).toMatch(UUID);
    expect(answer.json.payload).toEqual(legs);
    const trades = await openTrades(sandbox);
    expect(trades[trades.length - 1]).toMatchObject({ symbol: 'SPX', strategy: 'CREDIT SPREAD' });
  });

  it.each([
    ['a Saturday to the Friday before', 'SPX', '2025-01-18', '2025-01-17'],
    ['a Sunday to the Monday after', 'SPY', '2025-01-19', '2025-01-20'],
    ['a past date to today', 'QQQ', '2024-06-03', '2025-01-15'],
    ['a stock on a Wednesday to its Friday', 'AAPL', '2025-01-22', '2025-01-24'],
    ['a stock on a Monday to the Friday before', 'AAPL', '2025-01-20', '2025-01-17'],
  ])('picks the nearest listed expiration: %s', async (_, symbol, wanted, chosen) => {
    const answer = await call(makeSandbox(), 'POST', 'enter', {
      bot: GENERIC_BOT,
      legs: [leg({ symbol, expiration: wanted, strike: symbol === 'SPX' ? 5800 : 200 })],
    });
    expect(answer.json.success).toBe(true);
    expect(answer.json.payload[0].expiration).toBe(chosen);
  });

  it.each([
    ['SPX', 5803, 5805],
    ['SPX', 5802, 5800],
    ['SPY', 551.4, 551],
    ['SPY', 551.6, 552],
    ['AAPL', 232, 230],
    ['SPY', 5000, 877],
  ])('picks the nearest listed strike: %s %d -> %d', async (symbol, wanted, chosen) => {
    const answer = await call(makeSandbox(), 'POST', 'enter', {
      bot: GENERIC_BOT,
      legs: [leg({ symbol, strike: wanted })],
    });
    expect(answer.json.payload[0].strike).toBe(chosen);
  });

  it('takes a lower-case symbol and answers with the listed one', async () => {
    const answer = await call(makeSandbox(), 'POST', 'enter', {
      bot: GENERIC_BOT,
      legs: [leg({ symbol: 'spy', strike: 560 })],
    });
    expect(answer.json.payload[0].symbol).toBe('SPY');
  });

  it('refuses an unknown symbol with success false "Invalid asset"', async () => {
    const sandbox = makeSandbox();
    const before = await openTrades(sandbox);
    const answer = await call(sandbox, 'POST', 'enter', {
      bot: GENERIC_BOT,
      legs: [leg({ symbol: 'NOPE' })],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ success: false, reason: 'Invalid asset' });
    expect(answer.json.id).toMatch(UUID);
    expect(await openTrades(sandbox)).toEqual(before);
  });

  it('refuses legs on a bot not enabled for entries, and 404s an unknown bot', async () => {
    const sandbox = makeSandbox();
    const disabled = await call(sandbox, 'POST', 'enter', { bot: DISABLED_BOT, legs: [leg()] });
    expect(disabled.json).toMatchObject({ success: false, reason: 'Bot not enabled for trade entries' });
    const unknown = await call(sandbox, 'POST', 'enter', { bot: 1111111, legs: [leg()] });
    expect(unknown.status).toBe(404);
  });

  it.each<[string, unknown]>([
    ['not JSON', '{"bot": 4822377, legs'],
    ['an array', [leg()]],
    ['no bot', { legs: [leg()] }],
    ['a string bot', { bot: '4822377', legs: [leg()] }],
    ['no legs', { bot: GENERIC_BOT }],
    ['legs not an array', { bot: GENERIC_BOT, legs: leg() }],
    ['zero legs', { bot: GENERIC_BOT, legs: [] }],
    ['5 legs', { bot: GENERIC_BOT, legs: [leg(), leg(), leg(), leg(), leg()] }],
    ['quantity 0', { bot: GENERIC_BOT, legs: [leg({ quantity: 0 })] }],
    ['a fractional quantity', { bot: GENERIC_BOT, legs: [leg({ quantity: 1.5 })] }],
    ['a string quantity', { bot: GENERIC_BOT, legs: [leg({ quantity: '1' })] }],
    ['month 13', { bot: GENERIC_BOT, legs: [leg({ expiration: '2025-13-01' })] }],
    ['February 30th', { bot: GENERIC_BOT, legs: [leg({ expiration: '2025-02-30' })] }],
    ['slashes in the date', { bot: GENERIC_BOT, legs: [leg({ expiration: '2025/01/17' })] }],
    ['a bad type', { bot: GENERIC_BOT, legs: [leg({ type: 'straddle' })] }],
    ['a string strike', { bot: GENERIC_BOT, legs: [leg({ strike: '5800' })] }],
    [
      'a missing symbol',
      { bot: GENERIC_BOT, legs: [{ quantity: 1, expiration: '2025-01-17', type: 'put', strike: 1 }] },
    ],
    ['a null leg', { bot: GENERIC_BOT, legs: [null] }],
  ])('answers 400 with a JSON error for %s, placing nothing', async (_, body) => {
    const sandbox = makeSandbox();
    const before = await openTrades(sandbox);
    const answer = await call(sandbox, 'POST', 'enter', body);
    expect(answer.status).toBe(400);
    expect(answer.json.success).toBe(false);
    expect(answer.json.message.length).toBeGreaterThan(0);
    expect(await openTrades(sandbox)).toEqual(before);
  });

  it('says which leg and field is wrong', async () => {
    const answer = await call(makeSandbox(), 'POST', 'enter', {
      bot: GENERIC_BOT,
      legs: [leg(), leg({ quantity: 0 })],
    });
    expect(answer.json.message).toContain('legs.1.quantity');
  });
});

describe('POST exit', () => {
  async function spxTrades(sandbox: ReturnType<typeof makeSandbox>) {
    return snapshotTrades(sandbox.snapshot())
      .filter((t) => t.bot === SPX_IRON_CONDOR_BOT)
      .sort((a, b) => a.enteredAt - b.enteredAt);
  }

  it('exit/{trade} closes the whole trade; a second time it is 404', async () => {
    const sandbox = makeSandbox();
    const [trade] = await openTrades(sandbox);
    if (!trade) throw new Error('seeded account has no trades');
    const answer = await call(sandbox, 'POST', `exit/${trade.id}`);
    expect(answer.status).toBe(200);
    expect(answer.json.success).toBe(true);
    expect(answer.json.id).toMatch(UUID);
    expect((await openTrades(sandbox)).some((t) => t.id === trade.id)).toBe(false);
    expect((await call(sandbox, 'POST', `exit/${trade.id}`)).status).toBe(404);
    expect((await call(sandbox, 'POST', 'exit/abc')).status).toBe(404);
  });

  it('{bot, close: newest} closes only the newest of that bot', async () => {
    const sandbox = makeSandbox();
    const [oldest, newest] = await spxTrades(sandbox);
    const total = (await openTrades(sandbox)).length;
    const answer = await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, close: 'newest' });
    expect(answer.json).toMatchObject({
      success: true,
      payload: { bot: SPX_IRON_CONDOR_BOT, close: 'newest' },
    });
    const ids = (await openTrades(sandbox)).map((t) => t.id);
    expect(ids).toHaveLength(total - 1);
    expect(ids).toContain(oldest?.id);
    expect(ids).not.toContain(newest?.id);
  });

  it('{bot, close: oldest} closes only the oldest of that bot', async () => {
    const sandbox = makeSandbox();
    const [oldest, newest] = await spxTrades(sandbox);
    await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, close: 'oldest' });
    const ids = (await openTrades(sandbox)).map((t) => t.id);
    expect(ids).not.toContain(oldest?.id);
    expect(ids).toContain(newest?.id);
  });

  it('{bot, close: all} closes every trade of that bot and no other; then there is nothing to close', async () => {
    const sandbox = makeSandbox();
    const others = snapshotTrades(sandbox.snapshot()).filter((t) => t.bot !== SPX_IRON_CONDOR_BOT);
    await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, close: 'all' });
    expect(await spxTrades(sandbox)).toEqual([]);
    expect((await openTrades(sandbox)).map((t) => t.id)).toEqual(others.map((t) => t.id));
    const again = await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, close: 'all' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ success: false, reason: 'No open trades' });
  });

  it('{trade} closes that trade', async () => {
    const sandbox = makeSandbox();
    const [trade] = await openTrades(sandbox);
    const answer = await call(sandbox, 'POST', 'exit', { trade: trade?.id });
    expect(answer.json).toMatchObject({ success: true, payload: { trade: trade?.id } });
    expect((await openTrades(sandbox)).some((t) => t.id === trade?.id)).toBe(false);
  });

  it.each([
    [50, 3, 1],
    [34, 3, 1],
    [33, 3, 2],
    [1, 3, 2],
    [67, 3, 0],
    [100, 3, 0],
  ])('{trade, trim: %d} of %d contracts rounds up and leaves %d', async (trim, contracts, left) => {
    const sandbox = makeSandbox();
    const trade = (await spxTrades(sandbox)).find((t) => t.contracts === contracts);
    if (!trade) throw new Error(`no seeded trade with ${contracts} contracts`);
    const answer = await call(sandbox, 'POST', 'exit', { trade: trade.id, trim });
    expect(answer.json).toMatchObject({ success: true, payload: { trade: trade.id, trim } });
    const after = snapshotTrades(sandbox.snapshot()).find((t) => t.id === trade.id);
    expect(after?.contracts ?? 0).toBe(left);
    expect((await openTrades(sandbox)).some((t) => t.id === trade.id)).toBe(left > 0);
  });

  it('scales P&L with the contracts left after a trim', async () => {
    const sandbox = makeSandbox();
    sandbox.control.advance(20 * MINUTE);
    const trade = (await spxTrades(sandbox)).find((t) => t.contracts === 3);
    const pl = async () =>
      ((await openTrades(sandbox)).find((t) => t.id === trade?.id) as unknown as { profit_loss: number })
        .profit_loss;
    const before = await pl();
    await call(sandbox, 'POST', 'exit', { trade: trade?.id, trim: 50 });
    expect(await pl()).toBeCloseTo(before / 3, 1);
  });

  it('trimming a 1-contract trade by any share closes it', async () => {
    const sandbox = makeSandbox();
    const trade = snapshotTrades(sandbox.snapshot()).find((t) => t.contracts === 1);
    await call(sandbox, 'POST', 'exit', { trade: trade?.id, trim: 10 });
    expect((await openTrades(sandbox)).some((t) => t.id === trade?.id)).toBe(false);
  });

  it.each<[string, unknown]>([
    ['not JSON', 'close all'],
    ['an empty object', {}],
    ['trim without trade', { bot: SPX_IRON_CONDOR_BOT, trim: 50 }],
    ['close without bot', { close: 'all' }],
    ['an unknown close rule', { bot: SPX_IRON_CONDOR_BOT, close: 'first' }],
    ['close and trade together', { bot: SPX_IRON_CONDOR_BOT, close: 'all', trade: 7310401 }],
    ['a string trade', { trade: '7310401' }],
    ['a string bot', { bot: '4821937', close: 'all' }],
    ['trim 0', { trade: 7310401, trim: 0 }],
    ['trim 101', { trade: 7310401, trim: 101 }],
    ['a fractional trim', { trade: 7310401, trim: 12.5 }],
    ['bot alone', { bot: SPX_IRON_CONDOR_BOT }],
  ])('answers 400 for %s, closing nothing', async (_, body) => {
    const sandbox = makeSandbox();
    const before = await openTrades(sandbox);
    const answer = await call(sandbox, 'POST', 'exit', body);
    expect(answer.status).toBe(400);
    expect(answer.json.success).toBe(false);
    expect(await openTrades(sandbox)).toEqual(before);
  });

  it('answers 404 for a bot or trade not in the account', async () => {
    const sandbox = makeSandbox();
    expect((await call(sandbox, 'POST', 'exit', { bot: 1234567, close: 'all' })).status).toBe(404);
    expect((await call(sandbox, 'POST', 'exit', { trade: 1234567 })).status).toBe(404);
    expect((await call(sandbox, 'POST', 'exit', { trade: 1234567, trim: 50 })).status).toBe(404);
    const [qqq] = snapshotTrades(sandbox.snapshot()).filter((t) => t.bot === QQQ_SHORT_PUT_BOT);
    // A trade that belongs to another bot is not that bot's.
    expect((await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, trade: qqq?.id })).status).toBe(
      404,
    );
  });
});

describe('authentication, unknown paths and methods', () => {
  it.each([
    ['a wrong secret', '99999999-2222-3333-4444-555555555555'],
    ['a malformed secret', 'not-a-secret'],
    ['an upper-cased secret', SECRET.toUpperCase()],
  ])('answers 401 JSON for %s without echoing it', async (_, secret) => {
    const sandbox = makeSandbox();
    for (const [method, path] of [
      ['GET', 'bots'],
      ['GET', 'trades'],
      ['POST', `enter/${SPX_IRON_CONDOR_BOT}`],
      ['POST', 'exit/7310401'],
    ] as const) {
      const response = await sandbox.fetch(request(method, path, undefined, `${HOST}/webhook/${secret}`));
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text).success).toBe(false);
      expect(text).not.toContain(secret);
    }
    expect(snapshotTrades(sandbox.snapshot())).toHaveLength(4);
  });

  it('answers 404 for unknown paths', async () => {
    const sandbox = makeSandbox();
    for (const url of [
      `${BASE}/positions`,
      `${BASE}/bots/extra`,
      `${HOST}/webhook`,
      `${HOST}/`,
      `${HOST}/api/bots`,
    ]) {
      const response = await sandbox.fetch(new Request(url));
      expect(response.status, url).toBe(404);
      expect((await response.json()).success).toBe(false);
    }
  });

  it.each([
    ['POST', 'bots', 'GET'],
    ['DELETE', 'trades', 'GET'],
    ['GET', 'enter', 'POST'],
    ['PUT', `enter/${SPX_IRON_CONDOR_BOT}`, 'POST'],
    ['GET', 'exit', 'POST'],
    ['DELETE', 'exit/7310401', 'POST'],
  ])('answers 405 to %s %s', async (method, path, allowed) => {
    const sandbox = makeSandbox();
    const answer = await call(sandbox, method, path);
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allowed);
    expect(snapshotTrades(sandbox.snapshot())).toHaveLength(4);
  });

  it('serves the Paper account under PAPER_SECRET by default', async () => {
    expect(PAPER_SECRET).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const sandbox = createSandbox({ now: () => T0 });
    const response = await sandbox.fetch(new Request(`${HOST}/webhook/${PAPER_SECRET}/bots`));
    expect(response.status).toBe(200);
    expect(() => createSandbox({ secret: 'short' })).toThrow();
  });
});

describe('rate limit', () => {
  async function burst(sandbox: ReturnType<typeof makeSandbox>, n: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await call(sandbox, 'GET', i % 2 ? 'bots' : 'trades')).status);
    return statuses;
  }

  it('answers the 61st request in a minute 429 and blocks the account for exactly 5 minutes', async () => {
    let now = T0;
    const sandbox = makeSandbox({ now: () => now });
    expect(await burst(sandbox, 60)).toEqual(Array(60).fill(200));
    const limited = await call(sandbox, 'POST', `enter/${SPX_IRON_CONDOR_BOT}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('300');
    expect(limited.json.success).toBe(false);
    expect(snapshotTrades(sandbox.snapshot())).toHaveLength(4);

    now = T0 + 2 * MINUTE;
    const during = await call(sandbox, 'GET', 'bots');
    expect(during.status).toBe(429);
    expect(during.headers.get('retry-after')).toBe('180');

    now = T0 + 4 * MINUTE + 59_000;
    const lastSecond = await call(sandbox, 'GET', 'trades');
    expect(lastSecond.status).toBe(429);
    expect(lastSecond.headers.get('retry-after')).toBe('1');

    now = T0 + 5 * MINUTE;
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(200);
    // Restored with a fresh window, not one request from another block.
    expect(await burst(sandbox, 59)).toEqual(Array(59).fill(200));
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(429);
  });

  it('counts every call: reads, orders, refusals and 404s alike', async () => {
    const sandbox = makeSandbox();
    await burst(sandbox, 30);
    for (let i = 0; i < 10; i++) await call(sandbox, 'POST', `enter/${DISABLED_BOT}`);
    for (let i = 0; i < 10; i++) await call(sandbox, 'POST', 'exit', { trade: 1 });
    for (let i = 0; i < 10; i++) await call(sandbox, 'POST', 'enter', 'bad body');
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(429);
  });

  it('uses a rolling minute: requests older than 60 s stop counting', async () => {
    let now = T0;
    const sandbox = makeSandbox({ now: () => now });
    await burst(sandbox, 30);
    now = T0 + 30_000;
    await burst(sandbox, 30);
    now = T0 + 59_999;
    const stillCounting = makeSandbox({ state: sandbox.snapshot(), now: () => now });
    expect((await call(stillCounting, 'GET', 'bots')).status).toBe(429);

    now = T0 + 60_000;
    // The first 30 have left the window; the 30 from T0+30s still count.
    expect(await burst(sandbox, 30)).toEqual(Array(30).fill(200));
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(429);
  });

  it('does not count requests with a wrong secret against the account', async () => {
    const sandbox = makeSandbox();
    for (let i = 0; i < 70; i++) {
      await sandbox.fetch(new Request(`${HOST}/webhook/99999999-2222-3333-4444-555555555555/bots`));
    }
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(200);
  });
});

describe('snapshot and restore', () => {
  it('round-trips the account through JSON: bots, trades, trims and the rate window', async () => {
    const sandbox = makeSandbox();
    await call(sandbox, 'POST', `enter/${SPY_CREDIT_SPREAD_BOT}`);
    const trade = snapshotTrades(sandbox.snapshot()).find((t) => t.contracts === 3);
    await call(sandbox, 'POST', 'exit', { trade: trade?.id, trim: 50 });
    await call(sandbox, 'POST', 'exit', { bot: QQQ_SHORT_PUT_BOT, close: 'all' });

    const saved = JSON.parse(JSON.stringify(sandbox.snapshot()));
    const restored = makeSandbox({ state: saved, seed: 999 });
    expect(restored.snapshot()).toEqual(sandbox.snapshot());
    expect((await call(restored, 'GET', 'trades')).json).toEqual((await call(sandbox, 'GET', 'trades')).json);
    expect((await call(restored, 'GET', 'bots')).json).toEqual((await call(sandbox, 'GET', 'bots')).json);

    // New trades keep getting fresh ids after a restore.
    const entered = await call(restored, 'POST', `enter/${SPX_IRON_CONDOR_BOT}`);
    expect(entered.json.success).toBe(true);
    const ids = snapshotTrades(restored.snapshot()).map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);

    // 3 orders + 2 reads + 1 enter were counted; the window survived the restore.
    for (let i = 0; i < 54; i++) expect((await call(restored, 'GET', 'bots')).status).toBe(200);
    expect((await call(restored, 'GET', 'bots')).status).toBe(429);
  });

  it('keeps a block across a restore', async () => {
    const sandbox = makeSandbox();
    for (let i = 0; i < 61; i++) await call(sandbox, 'GET', 'bots');
    const restored = makeSandbox({ state: JSON.parse(JSON.stringify(sandbox.snapshot())) });
    expect((await call(restored, 'GET', 'bots')).status).toBe(429);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a string', 'account'],
    ['a foreign object', { foo: 1 }],
    ['a newer version', { ...(makeSandbox().snapshot() as object), version: 2 }],
    [
      'a trade with zero contracts',
      (() => {
        const state = makeSandbox().snapshot() as { trades: { contracts: number }[] };
        const [first] = state.trades;
        if (first) first.contracts = 0;
        return state;
      })(),
    ],
  ])('starts a fresh seeded account from %s', async (_, state) => {
    const fresh = makeSandbox();
    const restored = makeSandbox({ state });
    expect(restored.snapshot()).toEqual(fresh.snapshot());
  });

  it('gives an independent copy: changing a snapshot does not change the account', () => {
    const sandbox = makeSandbox();
    const copy = sandbox.snapshot() as { trades: unknown[] };
    copy.trades.length = 0;
    expect(snapshotTrades(sandbox.snapshot())).toHaveLength(4);
  });
});

describe('control', () => {
  it('logs every request with the secret redacted, its body and status', async () => {
    const sandbox = makeSandbox();
    await call(sandbox, 'GET', 'bots');
    await call(sandbox, 'POST', 'exit', { trade: 7310401, trim: 50 });
    await sandbox.fetch(new Request(`${HOST}/webhook/99999999-2222-3333-4444-555555555555/trades`));
    const log = sandbox.control.requests();
    expect(log).toEqual([
      { method: 'GET', path: '/webhook/{secret}/bots', body: null, at: T0, status: 200, fault: null },
      {
        method: 'POST',
        path: '/webhook/{secret}/exit',
        body: { trade: 7310401, trim: 50 },
        at: T0,
        status: 200,
        fault: null,
      },
      { method: 'GET', path: '/webhook/{secret}/trades', body: null, at: T0, status: 401, fault: null },
    ]);
    expect(JSON.stringify(log)).not.toContain(SECRET);
    sandbox.control.clearRequests();
    expect(sandbox.control.requests()).toEqual([]);
  });

  it('moves its clock with advance and setNow', async () => {
    const sandbox = makeSandbox();
    sandbox.control.advance(90_000);
    expect(sandbox.control.now()).toBe(T0 + 90_000);
    sandbox.control.setNow(T0 + 3_600_000);
    expect(sandbox.control.now()).toBe(T0 + 3_600_000);
    await call(sandbox, 'POST', `enter/${QQQ_SHORT_PUT_BOT}`);
    const trades = (await call(sandbox, 'GET', 'trades')).json.trades;
    expect(trades[trades.length - 1].entered_at).toBe('2025-01-15 16:00:00');
  });

  it('reset re-seeds the account and forgets the log, the fault and the rate window', async () => {
    const sandbox = makeSandbox();
    const seeded = sandbox.snapshot();
    await call(sandbox, 'POST', 'exit', { bot: SPX_IRON_CONDOR_BOT, close: 'all' });
    for (let i = 0; i < 61; i++) await call(sandbox, 'GET', 'bots');
    sandbox.control.setFault({ kind: 'status500' });
    sandbox.control.reset();
    expect(sandbox.snapshot()).toEqual(seeded);
    expect(sandbox.control.requests()).toEqual([]);
    expect(sandbox.control.fault()).toBeNull();
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(200);
  });

  it('closes a trade outside the API, as a managed bot would', async () => {
    const sandbox = makeSandbox();
    const [trade] = await openTrades(sandbox);
    expect(sandbox.control.closeTrade(trade?.id ?? 0)).toBe(true);
    expect(sandbox.control.closeTrade(trade?.id ?? 0)).toBe(false);
    expect((await openTrades(sandbox)).some((t) => t.id === trade?.id)).toBe(false);
  });

  it('clearRateLimit lifts a block', async () => {
    const sandbox = makeSandbox();
    for (let i = 0; i < 61; i++) await call(sandbox, 'GET', 'bots');
    sandbox.control.clearRateLimit();
    expect((await call(sandbox, 'GET', 'bots')).status).toBe(200);
  });
});
