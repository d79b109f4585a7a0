import type { Context } from 'hono';
import { Hono } from 'hono/tiny';
import {
  type AccountState,
  botLegs,
  type Calendar,
  closeTrade,
  listedLegs,
  openTrade,
  type SandboxBot,
  tradesOfBot,
  trimTrade,
  viewTrade,
} from './account';
import { dayFromIso, type SandboxLeg, underlying } from './market';

/**
 * The Webhook API routes, answering as the contract says: valid JSON, `success` on every answer,
 * `reason` + `message` on refusals, 401/404/400/405/429 as documented.
 */

export interface ApiContext {
  secret: string;
  now(): number;
  /** The live account; a function because `control.reset()` swaps it. */
  account(): AccountState;
  calendar: Calendar;
  requestId(): string;
}

export const RATE_LIMIT = 60;
export const RATE_WINDOW_MS = 60_000;
export const BLOCK_MS = 5 * 60_000;

const SECRET_SHAPE = /^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$/;

export const isSecretShaped = (secret: string): boolean => SECRET_SHAPE.test(secret);

type Json = Record<string, unknown>;

function json(body: Json, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const badRequest = (message: string): Response =>
  json({ success: false, reason: 'Invalid parameters', message }, 400);

const notFound = (reason: string, message: string): Response =>
  json({ success: false, reason, message }, 404);

/**
 * Counts a request against the account's rolling minute. The 61st is refused and blocks the
 * account for 5 minutes; requests during the block are refused without extending it.
 */
export function admitRequest(account: AccountState, now: number): Response | null {
  const rate = account.rate;
  if (rate.blockedUntil !== null) {
    if (now < rate.blockedUntil) return tooMany(rate.blockedUntil - now);
    rate.blockedUntil = null;
    rate.sent = [];
  }
  rate.sent = rate.sent.filter((at) => at > now - RATE_WINDOW_MS);
  if (rate.sent.length >= RATE_LIMIT) {
    rate.blockedUntil = now + BLOCK_MS;
    return tooMany(BLOCK_MS);
  }
  rate.sent.push(now);
  return null;
}

function tooMany(msLeft: number): Response {
  const seconds = Math.max(1, Math.ceil(msLeft / 1000));
  return json(
    {
      success: false,
      reason: 'Too Many Requests',
      message: `Rate limit of ${RATE_LIMIT} requests per minute exceeded; this account is blocked for ${seconds} more seconds.`,
    },
    429,
    { 'retry-after': String(seconds) },
  );
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: Response };

async function readObject(c: Context): Promise<Parsed<Json>> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, response: badRequest('The request body must be JSON.') };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, response: badRequest('The request body must be a JSON object.') };
  }
  return { ok: true, value: body as Json };
}

const isInteger = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** An id from the path: digits only, so `enter/abc` is simply not one of the account's bots. */
const pathId = (segment: string): number | null => (/^\d{1,12}$/.test(segment) ? Number(segment) : null);

function checkLeg(leg: unknown, index: number): string | SandboxLeg {
  const at = `legs.${index}`;
  if (typeof leg !== 'object' || leg === null || Array.isArray(leg)) return `${at} must be an object.`;
  const { symbol, quantity, expiration, type, strike } = leg as Json;
  if (symbol === undefined) return `${at}.symbol is required.`;
  if (typeof symbol !== 'string' || symbol.trim() === '') return `${at}.symbol must be a non-empty string.`;
  if (quantity === undefined) return `${at}.quantity is required.`;
  if (!isInteger(quantity) || quantity === 0) return `${at}.quantity must be a non-zero integer.`;
  if (expiration === undefined) return `${at}.expiration is required.`;
  if (typeof expiration !== 'string' || dayFromIso(expiration) === null) {
    return `${at}.expiration must be a date in YYYY-MM-DD format.`;
  }
  if (type === undefined) return `${at}.type is required.`;
  if (type !== 'call' && type !== 'put') return `${at}.type must be "call" or "put".`;
  if (strike === undefined) return `${at}.strike is required.`;
  if (typeof strike !== 'number' || !Number.isFinite(strike) || strike <= 0) {
    return `${at}.strike must be a positive number.`;
  }
  return { symbol: symbol.trim(), quantity, expiration, type, strike };
}

export function createApi(ctx: ApiContext): Hono {
  const app = new Hono();
  const refuse = (reason: string, message: string): Response =>
    json({ success: false, id: ctx.requestId(), reason, message });
  const accepted = (payload: unknown): Response => json({ success: true, id: ctx.requestId(), payload });
  const today = (): number => ctx.calendar.day(ctx.now());

  const findBot = (id: number | null): SandboxBot | undefined =>
    id === null ? undefined : ctx.account().bots.find((bot) => bot.id === id);
  const botNotFound = (id: unknown): Response =>
    notFound('Bot not found', `No bot with id ${String(id)} is associated with this account.`);
  const tradeNotFound = (id: unknown): Response =>
    notFound('Trade not found', `No open trade with id ${String(id)} in this account.`);

  const enterWith = (bot: SandboxBot, legs: () => SandboxLeg[] | Response): Response => {
    if (!bot.enabledForEntries) {
      return refuse(
        'Bot not enabled for trade entries',
        `The bot "${bot.name}" is not enabled for trade entries. Enable entries for it on the dashboard.`,
      );
    }
    const chosen = legs();
    if (chosen instanceof Response) return chosen;
    openTrade(ctx.account(), bot.id, chosen, ctx.now(), ctx.calendar.day);
    return accepted(chosen);
  };

  /** The contract's methods per path; anything else is 405, checked before the secret like a router would. */
  const route =
    (method: 'GET' | 'POST', handle: (c: Context) => Response | Promise<Response>) =>
    (c: Context): Response | Promise<Response> => {
      if (c.req.method !== method) {
        return json({ success: false, message: 'Method Not Allowed' }, 405, { allow: method });
      }
      const secret = c.req.param('secret') ?? '';
      if (!isSecretShaped(secret)) {
        return json(
          { success: false, reason: 'Unauthorized', message: 'The webhook secret is malformed.' },
          401,
        );
      }
      if (secret !== ctx.secret) {
        return json(
          {
            success: false,
            reason: 'Unauthorized',
            message: 'The webhook secret does not match any account.',
          },
          401,
        );
      }
      return admitRequest(ctx.account(), ctx.now()) ?? handle(c);
    };

  app.all(
    '/webhook/:secret/bots',
    route('GET', () => {
      const account = ctx.account();
      const data = account.bots.map((bot) => ({
        id: bot.id,
        name: bot.name,
        strategy: bot.strategy,
        broker: bot.broker,
      }));
      return json({ success: true, user: account.user, data });
    }),
  );

  app.all(
    '/webhook/:secret/trades',
    route('GET', () => {
      const account = ctx.account();
      const now = ctx.now();
      const trades = [...account.trades]
        .sort((a, b) => a.enteredAt - b.enteredAt || a.id - b.id)
        .map((trade) => viewTrade(account, trade, now, ctx.calendar.formatTime));
      return json({ success: true, trades });
    }),
  );

  app.all(
    '/webhook/:secret/enter/:bot',
    route('POST', (c) => {
      const segment = c.req.param('bot') ?? '';
      const bot = findBot(pathId(segment));
      if (!bot) return botNotFound(segment);
      return enterWith(bot, () => {
        if (!bot.entry) {
          return refuse(
            'Bot has no entry settings',
            `The bot "${bot.name}" has no trade settings to enter with; send custom legs instead.`,
          );
        }
        return botLegs(bot.entry, today());
      });
    }),
  );

  app.all(
    '/webhook/:secret/enter',
    route('POST', async (c) => {
      const read = await readObject(c);
      if (!read.ok) return read.response;
      const { bot: botField, legs } = read.value;
      if (botField === undefined) return badRequest('bot is required.');
      if (!isInteger(botField)) return badRequest('bot must be an integer bot id.');
      if (legs === undefined) return badRequest('legs is required.');
      if (!Array.isArray(legs)) return badRequest('legs must be an array of trade legs.');
      if (legs.length === 0) return badRequest('Provide at least one trade leg.');
      if (legs.length > 4) return badRequest("You can't provide more than 4 trade legs.");
      const checked: SandboxLeg[] = [];
      for (const [index, leg] of legs.entries()) {
        const result = checkLeg(leg, index);
        if (typeof result === 'string') return badRequest(result);
        checked.push(result);
      }
      const bot = findBot(botField);
      if (!bot) return botNotFound(botField);
      return enterWith(bot, () => {
        const unknown = checked.find((leg) => !underlying(leg.symbol));
        if (unknown)
          return refuse('Invalid asset', `"${unknown.symbol}" is not an asset that can be traded.`);
        const symbols = new Set(checked.map((leg) => leg.symbol.toUpperCase()));
        if (symbols.size > 1) {
          return refuse('Invalid trade legs', 'All legs of a trade must be on the same underlying asset.');
        }
        return listedLegs(checked, today());
      });
    }),
  );

  app.all(
    '/webhook/:secret/exit/:trade',
    route('POST', (c) => {
      const segment = c.req.param('trade') ?? '';
      const id = pathId(segment);
      if (id === null || !closeTrade(ctx.account(), id)) return tradeNotFound(segment);
      return accepted({ trade: id });
    }),
  );

  app.all(
    '/webhook/:secret/exit',
    route('POST', async (c) => {
      const read = await readObject(c);
      if (!read.ok) return read.response;
      const body = read.value;
      const { bot, close, trade, trim } = body;
      if (bot !== undefined && !isInteger(bot)) return badRequest('bot must be an integer bot id.');
      if (trade !== undefined && !isInteger(trade)) return badRequest('trade must be an integer trade id.');
      if (close !== undefined && close !== 'all' && close !== 'newest' && close !== 'oldest') {
        return badRequest('close must be "all", "newest" or "oldest".');
      }
      if (trim !== undefined && (!isInteger(trim) || trim < 1 || trim > 100)) {
        return badRequest('trim must be an integer percentage from 1 to 100.');
      }
      if (trim !== undefined && trade === undefined) return badRequest('trim requires the trade field.');
      if (close !== undefined && bot === undefined) return badRequest('close requires the bot field.');
      if (close !== undefined && trade !== undefined)
        return badRequest('Provide either close or trade, not both.');
      if (close === undefined && trade === undefined) {
        return badRequest('Provide close (with bot) or trade (optionally with trim).');
      }
      const account = ctx.account();
      if (bot !== undefined && !findBot(bot)) return botNotFound(bot);
      const payload = {
        ...(bot !== undefined && { bot }),
        ...(close !== undefined && { close }),
        ...(trade !== undefined && { trade }),
        ...(trim !== undefined && { trim }),
      };

      if (trade !== undefined) {
        const open = account.trades.find((t) => t.id === trade && (bot === undefined || t.bot === bot));
        if (!open) return tradeNotFound(trade);
        if (trim !== undefined) trimTrade(account, open.id, trim);
        else closeTrade(account, open.id);
        return accepted(payload);
      }

      if (bot === undefined) return badRequest('close requires the bot field.');
      const open = tradesOfBot(account, bot);
      if (open.length === 0)
        return refuse('No open trades', `The bot ${String(bot)} has no open trades to close.`);
      const closing = close === 'all' ? open : close === 'newest' ? open.slice(-1) : open.slice(0, 1);
      for (const t of closing) closeTrade(account, t.id);
      return accepted(payload);
    }),
  );

  app.notFound(() => json({ success: false, message: 'Not Found' }, 404));
  app.onError(() => json({ success: false, message: 'Server Error' }, 500));
  return app;
}
