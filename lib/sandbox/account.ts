import * as z from 'zod/mini';
import { wallClock } from '../time/wall-clock';
import {
  type DayNumber,
  dayFromIso,
  isoFromDay,
  markFactor,
  nearestExpiration,
  nearestStrike,
  type OptionType,
  priceLegs,
  type SandboxLeg,
  spotOf,
  strategyOf,
  unitHash,
} from './market';

/**
 * The simulated account: its bots, open trades and rate-limit window. Plain data so it can be
 * saved (`snapshot`) and restored across a service-worker restart.
 */

/** One leg of a bot's entry settings, relative to the underlying's price. */
export interface EntryLegTemplate {
  type: OptionType;
  /** Signed: + buys to open, - sells to open. */
  quantity: number;
  /** Strike as a fraction of spot (0.985 = 1.5% below), then snapped to the listed grid. */
  strikeOfSpot: number;
}

export interface EntrySettings {
  symbol: string;
  daysToExpiry: number;
  legs: EntryLegTemplate[];
}

export interface SandboxBot {
  id: number;
  name: string;
  strategy: string;
  broker: string;
  enabledForEntries: boolean;
  /** Null for a generic bot that only holds trades entered with custom legs. */
  entry: EntrySettings | null;
}

export interface SandboxTrade {
  id: number;
  bot: number;
  symbol: string;
  strategy: string;
  /** ms epoch. */
  enteredAt: number;
  /** Per share, positive. */
  entryPrice: number;
  credit: boolean;
  /** Units still open; a trim closes a share of these. */
  contracts: number;
  legs: SandboxLeg[];
}

export interface RateWindow {
  /** ms epochs of the requests admitted in the last minute. */
  sent: number[];
  blockedUntil: number | null;
}

export interface AccountState {
  version: 1;
  seed: number;
  user: string;
  bots: SandboxBot[];
  trades: SandboxTrade[];
  nextTradeId: number;
  rate: RateWindow;
}

const finite = z.number().check(z.refine(Number.isFinite));
const int = z.number().check(z.int());
const optionType = z.enum(['call', 'put']);

const accountSchema = z.object({
  version: z.literal(1),
  seed: finite,
  user: z.string(),
  bots: z.array(
    z.object({
      id: int,
      name: z.string(),
      strategy: z.string(),
      broker: z.string(),
      enabledForEntries: z.boolean(),
      entry: z.nullable(
        z.object({
          symbol: z.string(),
          daysToExpiry: int,
          legs: z.array(z.object({ type: optionType, quantity: int, strikeOfSpot: finite })),
        }),
      ),
    }),
  ),
  trades: z.array(
    z.object({
      id: int,
      bot: int,
      symbol: z.string(),
      strategy: z.string(),
      enteredAt: finite,
      entryPrice: finite,
      credit: z.boolean(),
      contracts: int.check(z.gte(1)),
      legs: z.array(
        z.object({
          symbol: z.string(),
          quantity: int,
          expiration: z.string(),
          type: optionType,
          strike: finite,
        }),
      ),
    }),
  ),
  nextTradeId: int,
  rate: z.object({ sent: z.array(finite), blockedUntil: z.nullable(finite) }),
});

/** A saved account, or null when it is not one (corrupt, foreign, an older shape). */
export function parseAccount(state: unknown): AccountState | null {
  const parsed = accountSchema.safeParse(state);
  return parsed.success ? parsed.data : null;
}

export const DEMO_USER = 'paper@demo.optionsautotrader.com';

export const SPX_IRON_CONDOR_BOT = 4821937;
export const SPY_CREDIT_SPREAD_BOT = 4821952;
export const QQQ_SHORT_PUT_BOT = 4822014;
export const GENERIC_BOT = 4822377;
export const DISABLED_BOT = 4822590;

/**
 * The bindings a trader would set for the demo account (what each bot's own settings trade, the
 * generic bot for custom orders on any symbol): what tests start from when they are not about binding.
 */
export const DEMO_BINDINGS: Record<string, { kind: 'symbol'; underlying: string } | { kind: 'any' }> = {
  [SPX_IRON_CONDOR_BOT]: { kind: 'symbol', underlying: 'SPX' },
  [SPY_CREDIT_SPREAD_BOT]: { kind: 'symbol', underlying: 'SPY' },
  [QQQ_SHORT_PUT_BOT]: { kind: 'symbol', underlying: 'QQQ' },
  [GENERIC_BOT]: { kind: 'any' },
  [DISABLED_BOT]: { kind: 'symbol', underlying: 'IWM' },
};

function demoBots(): SandboxBot[] {
  return [
    {
      id: SPX_IRON_CONDOR_BOT,
      name: 'SPX 0DTE Iron Condor',
      strategy: 'IRON CONDOR',
      broker: 'TastyTrade',
      enabledForEntries: true,
      entry: {
        symbol: 'SPX',
        daysToExpiry: 0,
        legs: [
          { type: 'put', quantity: 1, strikeOfSpot: 0.99 },
          { type: 'put', quantity: -1, strikeOfSpot: 0.995 },
          { type: 'call', quantity: -1, strikeOfSpot: 1.005 },
          { type: 'call', quantity: 1, strikeOfSpot: 1.01 },
        ],
      },
    },
    {
      id: SPY_CREDIT_SPREAD_BOT,
      name: 'SPY Put Credit Spread',
      strategy: 'CREDIT SPREAD',
      broker: 'Tradier',
      enabledForEntries: true,
      entry: {
        symbol: 'SPY',
        daysToExpiry: 7,
        legs: [
          { type: 'put', quantity: -2, strikeOfSpot: 0.98 },
          { type: 'put', quantity: 2, strikeOfSpot: 0.97 },
        ],
      },
    },
    {
      id: QQQ_SHORT_PUT_BOT,
      name: 'QQQ Short Put 30 DTE',
      strategy: 'SHORT PUT',
      broker: 'TastyTrade',
      enabledForEntries: true,
      entry: { symbol: 'QQQ', daysToExpiry: 30, legs: [{ type: 'put', quantity: -1, strikeOfSpot: 0.95 }] },
    },
    {
      id: GENERIC_BOT,
      name: 'Manual Trades (unmanaged)',
      strategy: 'GENERIC',
      broker: 'TastyTrade',
      enabledForEntries: true,
      entry: null,
    },
    {
      id: DISABLED_BOT,
      name: 'IWM Strangle (paused)',
      strategy: 'STRANGLE',
      broker: 'Tradier',
      enabledForEntries: false,
      entry: {
        symbol: 'IWM',
        daysToExpiry: 45,
        legs: [
          { type: 'put', quantity: -1, strikeOfSpot: 0.9 },
          { type: 'call', quantity: -1, strikeOfSpot: 1.1 },
        ],
      },
    },
  ];
}

const MINUTE = 60_000;

/** A fresh demo account as of `now`: a few trades entered minutes to days ago. */
export function seedAccount(seed: number, now: number, day: (ms: number) => DayNumber): AccountState {
  const account: AccountState = {
    version: 1,
    seed,
    user: DEMO_USER,
    bots: demoBots(),
    trades: [],
    nextTradeId: 7_310_401,
    rate: { sent: [], blockedUntil: null },
  };
  // Oldest first, so ids rise with entry time as they would on the platform.
  const seeded: [number, number, number][] = [
    [QQQ_SHORT_PUT_BOT, 26 * 60, 1],
    [SPY_CREDIT_SPREAD_BOT, 130, 1],
    [SPX_IRON_CONDOR_BOT, 300, 1],
    [SPX_IRON_CONDOR_BOT, 35, 3],
  ];
  for (const [botId, minutesAgo, units] of seeded) {
    const bot = account.bots.find((b) => b.id === botId);
    const enteredAt = now - minutesAgo * MINUTE;
    if (bot?.entry) openTrade(account, bot.id, botLegs(bot.entry, day(enteredAt), units), enteredAt, day);
  }
  return account;
}

/** The legs a bot's settings give on `today`, `units` times over. */
export function botLegs(entry: EntrySettings, today: DayNumber, units = 1): SandboxLeg[] {
  const expiry = nearestExpiration(entry.symbol, today + entry.daysToExpiry, today) ?? today;
  const spot = spotOf(entry.symbol);
  return entry.legs.map((leg) => ({
    symbol: entry.symbol,
    quantity: leg.quantity * units,
    expiration: isoFromDay(expiry),
    type: leg.type,
    strike: nearestStrike(entry.symbol, spot * leg.strikeOfSpot) ?? spot,
  }));
}

/** Legs as the platform would actually fill them: nearest listed expiration and strike. */
export function listedLegs(legs: SandboxLeg[], today: DayNumber): SandboxLeg[] {
  return legs.map((leg) => {
    const symbol = leg.symbol.toUpperCase();
    const wanted = dayFromIso(leg.expiration) ?? today;
    const expiry = nearestExpiration(symbol, wanted, today) ?? wanted;
    return {
      symbol,
      quantity: leg.quantity,
      expiration: isoFromDay(expiry),
      type: leg.type,
      strike: nearestStrike(symbol, leg.strike) ?? leg.strike,
    };
  });
}

export function openTrade(
  account: AccountState,
  bot: number,
  legs: SandboxLeg[],
  enteredAt: number,
  day: (ms: number) => DayNumber,
): SandboxTrade {
  const pricing = priceLegs(legs, day(enteredAt));
  const trade: SandboxTrade = {
    id: account.nextTradeId,
    bot,
    symbol: legs[0]?.symbol ?? '',
    strategy: strategyOf(legs, pricing.credit),
    enteredAt,
    entryPrice: pricing.entryPrice,
    credit: pricing.credit,
    contracts: pricing.contracts,
    legs,
  };
  account.trades.push(trade);
  // Other accounts trade too, so ids are not consecutive.
  account.nextTradeId += 1 + Math.floor(unitHash(account.seed, trade.id) * 13);
  return trade;
}

export function closeTrade(account: AccountState, id: number): boolean {
  const before = account.trades.length;
  account.trades = account.trades.filter((trade) => trade.id !== id);
  return account.trades.length < before;
}

/**
 * Closes `percent` of a trade, rounding the contracts closed up (50% of 3 closes 2).
 * Returns the contracts left; 0 means the trade is closed.
 */
export function trimTrade(account: AccountState, id: number, percent: number): number {
  const trade = account.trades.find((t) => t.id === id);
  if (!trade) return 0;
  const closing = Math.ceil((trade.contracts * percent) / 100);
  const left = trade.contracts - closing;
  if (left <= 0) {
    closeTrade(account, id);
    return 0;
  }
  const ratio = left / trade.contracts;
  trade.legs = trade.legs.map((leg) => ({
    ...leg,
    quantity: Math.round(leg.quantity * ratio) || Math.sign(leg.quantity),
  }));
  trade.contracts = left;
  return left;
}

/** A bot's open trades, oldest first. */
export function tradesOfBot(account: AccountState, bot: number): SandboxTrade[] {
  return account.trades
    .filter((trade) => trade.bot === bot)
    .sort((a, b) => a.enteredAt - b.enteredAt || a.id - b.id);
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export interface TradeView {
  id: number;
  symbol: string;
  strategy: string;
  entered_at: string;
  entry_price: number;
  profit_loss: number;
  percentage_profit_loss: number;
}

/** The trade as GET trades shows it at `now`. */
export function viewTrade(
  account: AccountState,
  trade: SandboxTrade,
  now: number,
  formatTime: (ms: number) => string,
): TradeView {
  const mark = trade.entryPrice * markFactor(account.seed, trade.id, (now - trade.enteredAt) / MINUTE);
  const perShare = trade.credit ? trade.entryPrice - mark : mark - trade.entryPrice;
  return {
    id: trade.id,
    symbol: trade.symbol,
    strategy: trade.strategy,
    entered_at: formatTime(trade.enteredAt),
    entry_price: trade.entryPrice,
    profit_loss: round2(perShare * 100 * trade.contracts),
    percentage_profit_loss: round2((perShare / trade.entryPrice) * 100),
  };
}

export interface Calendar {
  /** `YYYY-MM-DD HH:MM:SS`, no zone, as the platform shows it. */
  formatTime(ms: number): string;
  /** The calendar day `ms` falls on, for listings. */
  day(ms: number): DayNumber;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Wall-clock formatting in one zone. Without a zone it is the runtime's own, so a Paper trade
 * entered a moment ago reads as a moment ago in the trader's browser.
 */
export function calendar(timeZone?: string): Calendar {
  // An unknown zone throws here, at the account's start, not at its first trade.
  if (timeZone !== undefined) wallClock(0, timeZone);
  const parts = (ms: number): [number, number, number, number, number, number] => {
    if (timeZone !== undefined) return wallClock(ms, timeZone);
    const d = new Date(ms);
    return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  };
  return {
    formatTime(ms) {
      const [y, mo, d, h, mi, s] = parts(ms);
      return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
    },
    day(ms) {
      const [y, mo, d] = parts(ms);
      return Math.round(Date.UTC(y, mo - 1, d) / 86_400_000);
    },
  };
}
