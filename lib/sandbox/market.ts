/**
 * A tiny, deterministic stand-in for an options market: which underlyings are tradable, which
 * expirations and strikes are listed, what a position costs and how its mark wanders afterwards.
 * Just enough for the sandbox to answer like the real service (nearest listed expiration and
 * strike, signed P&L that moves with the clock); no network and no Node APIs, so it runs in the
 * extension's service worker.
 */

export type OptionType = 'call' | 'put';

export interface SandboxLeg {
  symbol: string;
  quantity: number;
  expiration: string;
  type: OptionType;
  strike: number;
}

interface Underlying {
  /** The reference price strikes are listed around; fixed so listings are reproducible. */
  spot: number;
  /** Strike grid. */
  step: number;
  /** Index products list an expiration every weekday; single stocks only on Fridays. */
  daily: boolean;
  volatility: number;
}

/** The demo chart's reference prices (demo/chart/demo.js) where it shows the symbol, so Paper agrees with it. */
const UNDERLYINGS: Record<string, Underlying> = {
  SPX: { spot: 5912.4, step: 5, daily: true, volatility: 0.16 },
  XSP: { spot: 591.24, step: 1, daily: true, volatility: 0.16 },
  SPY: { spot: 585.12, step: 1, daily: true, volatility: 0.16 },
  QQQ: { spot: 512.3, step: 1, daily: true, volatility: 0.2 },
  IWM: { spot: 220, step: 1, daily: true, volatility: 0.22 },
  DIA: { spot: 430, step: 1, daily: false, volatility: 0.14 },
  AAPL: { spot: 231.5, step: 5, daily: false, volatility: 0.26 },
  MSFT: { spot: 420, step: 5, daily: false, volatility: 0.24 },
  NVDA: { spot: 130, step: 1, daily: false, volatility: 0.5 },
  TSLA: { spot: 250, step: 5, daily: false, volatility: 0.55 },
  AMZN: { spot: 200, step: 5, daily: false, volatility: 0.32 },
  META: { spot: 580, step: 5, daily: false, volatility: 0.35 },
};

/** How far out expirations are listed. */
const LISTED_DAYS = 400;
const DAY_MS = 86_400_000;

export function underlying(symbol: string): Underlying | undefined {
  return UNDERLYINGS[symbol.toUpperCase()];
}

export function spotOf(symbol: string): number {
  return underlying(symbol)?.spot ?? 0;
}

/** A calendar day as days since 1970-01-01, so date arithmetic never meets a zone or DST. */
export type DayNumber = number;

export function dayFromIso(iso: string): DayNumber | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Rejects 2025-02-30 and friends, which Date.UTC would silently roll over.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return Math.round(ms / DAY_MS);
}

export function isoFromDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const weekday = (day: DayNumber): number => new Date(day * DAY_MS).getUTCDay();

function isListed(day: DayNumber, daily: boolean): boolean {
  const dow = weekday(day);
  return daily ? dow >= 1 && dow <= 5 : dow === 5;
}

/**
 * The listed expiration closest to `wanted`, among those from `today` on. Ties go to the earlier
 * date (less time risk). Null for an unknown symbol.
 */
export function nearestExpiration(symbol: string, wanted: DayNumber, today: DayNumber): DayNumber | null {
  const spec = underlying(symbol);
  if (!spec) return null;
  const last = today + LISTED_DAYS;
  const target = Math.min(Math.max(wanted, today), last);
  for (let distance = 0; distance <= LISTED_DAYS; distance++) {
    const before = target - distance;
    if (before >= today && isListed(before, spec.daily)) return before;
    const after = target + distance;
    if (after <= last && isListed(after, spec.daily)) return after;
  }
  return null;
}

/** The listed strike closest to `wanted`: strikes sit on the symbol's grid within ±50% of spot. */
export function nearestStrike(symbol: string, wanted: number): number | null {
  const spec = underlying(symbol);
  if (!spec) return null;
  const lowest = Math.ceil((spec.spot * 0.5) / spec.step) * spec.step;
  const highest = Math.floor((spec.spot * 1.5) / spec.step) * spec.step;
  const onGrid = Math.round(wanted / spec.step) * spec.step;
  return Math.min(Math.max(onGrid, lowest), highest);
}

function normalCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26: plenty for a demo price.
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Black-Scholes without rates or dividends, per share. A same-day option keeps a few hours of value. */
export function optionPrice(symbol: string, type: OptionType, strike: number, daysToExpiry: number): number {
  const spec = underlying(symbol);
  if (!spec) return 0;
  const years = Math.max(daysToExpiry, 0.25) / 365;
  const spread = spec.volatility * Math.sqrt(years);
  const d1 = (Math.log(spec.spot / strike) + (spread * spread) / 2) / spread;
  const d2 = d1 - spread;
  const call = spec.spot * normalCdf(d1) - strike * normalCdf(d2);
  return type === 'call' ? call : call - spec.spot + strike;
}

export interface Pricing {
  /** Per share, positive, on a 0.05 tick. */
  entryPrice: number;
  /** True when the position was opened for a net credit. */
  credit: boolean;
  /** Units of the structure: the smallest leg size, what a trim takes a share of. */
  contracts: number;
}

export function priceLegs(legs: SandboxLeg[], today: DayNumber): Pricing {
  const contracts = Math.max(1, Math.min(...legs.map((leg) => Math.abs(leg.quantity))));
  let paid = 0;
  for (const leg of legs) {
    const expiry = dayFromIso(leg.expiration) ?? today;
    paid += leg.quantity * optionPrice(leg.symbol, leg.type, leg.strike, expiry - today);
  }
  const perUnit = Math.abs(paid) / contracts;
  return { entryPrice: Math.max(0.05, Math.round(perUnit * 20) / 20), credit: paid < 0, contracts };
}

/** What the platform would call a trade made of these legs. */
export function strategyOf(legs: SandboxLeg[], credit: boolean): string {
  const calls = legs.filter((leg) => leg.type === 'call');
  const puts = legs.filter((leg) => leg.type === 'put');
  const [first, second] = legs;
  if (legs.length === 1 && first)
    return `${first.quantity > 0 ? 'LONG' : 'SHORT'} ${first.type.toUpperCase()}`;
  if (legs.length === 2 && first && second) {
    if (first.type === second.type && Math.sign(first.quantity) !== Math.sign(second.quantity)) {
      return credit ? 'CREDIT SPREAD' : 'DEBIT SPREAD';
    }
    if (first.type !== second.type && Math.sign(first.quantity) === Math.sign(second.quantity)) {
      const side = first.quantity > 0 ? 'LONG' : 'SHORT';
      return `${side} ${first.strike === second.strike ? 'STRADDLE' : 'STRANGLE'}`;
    }
  }
  if (legs.length === 4 && calls.length === 2 && puts.length === 2) {
    const shortStrikes = legs.filter((leg) => leg.quantity < 0).map((leg) => leg.strike);
    return shortStrikes.length === 2 && shortStrikes[0] === shortStrikes[1]
      ? 'IRON BUTTERFLY'
      : 'IRON CONDOR';
  }
  return 'CUSTOM';
}

/** A 32-bit hash of a few integers → [0, 1). Deterministic across runtimes. */
export function unitHash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h ^ Math.floor(part / 4_294_967_296), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4_294_967_296;
}

/** Knots every few minutes, smoothly joined, so P&L drifts rather than jumps between reads. */
const KNOT_MINUTES = 5;

/**
 * The trade's mark as a multiple of its entry price, `minutes` after entry. Exactly 1 at entry.
 * Options lose time value, so the mark drifts down (a credit trade gains, a debit trade loses),
 * with a wobble that depends only on the seed, the trade and the time.
 */
export function markFactor(seed: number, trade: number, minutes: number): number {
  const elapsed = Math.max(0, minutes);
  const knot = (n: number): number => (n === 0 ? 0 : (unitHash(seed, trade, n) * 2 - 1) * Math.min(1, n / 4));
  const position = elapsed / KNOT_MINUTES;
  const index = Math.floor(position);
  const fraction = position - index;
  const eased = fraction * fraction * (3 - 2 * fraction);
  const wobble = knot(index) + (knot(index + 1) - knot(index)) * eased;
  const decay = 0.35 * (1 - Math.exp(-elapsed / 600));
  return Math.max(0.02, 1 - decay + 0.25 * wobble);
}
