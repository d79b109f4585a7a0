import type { Leg, OptionType } from '../api/types';
import { words } from '../words';
import { snapStrike } from './strikes';

/** The structures the ticket builds around the chart's price. */
export type TemplateKind =
  | 'longCall'
  | 'longPut'
  | 'shortPut'
  | 'putCreditSpread'
  | 'callCreditSpread'
  | 'callDebitSpread'
  | 'putDebitSpread'
  | 'ironCondor'
  | 'strangle'
  | 'straddle'
  | 'butterfly';

export const TEMPLATES: { kind: TemplateKind; label: string }[] = [
  { kind: 'longCall', label: words('templateLongCall') },
  { kind: 'longPut', label: words('templateLongPut') },
  { kind: 'shortPut', label: words('templateShortPut') },
  { kind: 'putCreditSpread', label: words('templatePutCreditSpread') },
  { kind: 'callCreditSpread', label: words('templateCallCreditSpread') },
  { kind: 'callDebitSpread', label: words('templateCallDebitSpread') },
  { kind: 'putDebitSpread', label: words('templatePutDebitSpread') },
  { kind: 'ironCondor', label: words('templateIronCondor') },
  { kind: 'strangle', label: words('templateStrangle') },
  { kind: 'straddle', label: words('templateStraddle') },
  { kind: 'butterfly', label: words('templateButterfly') },
];

export interface TemplateInput {
  symbol: string;
  /** The underlying's last price. */
  price: number;
  /** The underlying's strike step. */
  increment: number;
  /** Distance between strikes in dollars; snapped to whole steps, at least one. */
  width: number;
  expiration: string;
  /** Contracts per structure. */
  quantity: number;
}

/**
 * The legs of a structure with the money strike at the price snapped to the grid. Credit spreads and
 * condors sell one width out of the money and buy one width further; debit spreads buy at the money.
 */
export function templateLegs(kind: TemplateKind, input: TemplateInput): Leg[] {
  const step = input.increment;
  const w = Math.max(step, snapStrike(input.width, step));
  const atm = snapStrike(input.price, step);
  const q = input.quantity;
  const symbol = input.symbol.trim().toUpperCase();
  const leg = (quantity: number, type: OptionType, strike: number): Leg => ({
    symbol,
    quantity,
    expiration: input.expiration,
    type,
    strike: snapStrike(strike, step),
  });
  switch (kind) {
    case 'longCall':
      return [leg(q, 'call', atm)];
    case 'longPut':
      return [leg(q, 'put', atm)];
    case 'shortPut':
      return [leg(-q, 'put', atm - w)];
    case 'putCreditSpread':
      return [leg(-q, 'put', atm - w), leg(q, 'put', atm - 2 * w)];
    case 'callCreditSpread':
      return [leg(-q, 'call', atm + w), leg(q, 'call', atm + 2 * w)];
    case 'callDebitSpread':
      return [leg(q, 'call', atm), leg(-q, 'call', atm + w)];
    case 'putDebitSpread':
      return [leg(q, 'put', atm), leg(-q, 'put', atm - w)];
    case 'ironCondor':
      return [
        leg(q, 'put', atm - 2 * w),
        leg(-q, 'put', atm - w),
        leg(-q, 'call', atm + w),
        leg(q, 'call', atm + 2 * w),
      ];
    case 'strangle':
      return [leg(-q, 'put', atm - w), leg(-q, 'call', atm + w)];
    case 'straddle':
      return [leg(-q, 'put', atm), leg(-q, 'call', atm)];
    case 'butterfly':
      return [leg(q, 'call', atm - w), leg(-2 * q, 'call', atm), leg(q, 'call', atm + w)];
  }
}

function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A rough Black-Scholes value (20% volatility, no rates): enough to tell a credit from a debit. */
function roughValue(type: OptionType, spot: number, strike: number, days: number): number {
  const spread = 0.2 * Math.sqrt(Math.max(days, 0.25) / 365);
  const d1 = (Math.log(spot / strike) + (spread * spread) / 2) / spread;
  const call = spot * normalCdf(d1) - strike * normalCdf(d1 - spread);
  return type === 'call' ? call : call - spot + strike;
}

/**
 * Whether the legs open for a net credit (premium received) or a net debit (paid), by a rough model
 * around the price; null without a price. In words, for the ticket: the fill price is the market's.
 */
export function netDirection(
  legs: readonly Leg[],
  price: number,
  daysOut: (expiration: string) => number,
): 'credit' | 'debit' | null {
  if (!(price > 0) || legs.length === 0) return null;
  let paid = 0;
  for (const leg of legs) {
    if (!(leg.strike > 0)) return null;
    paid += leg.quantity * roughValue(leg.type, price, leg.strike, daysOut(leg.expiration));
  }
  return paid < 0 ? 'credit' : 'debit';
}
