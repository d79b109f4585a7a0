import { words } from '../words';
import type { FieldProblem, Leg, Order } from './types';

/**
 * The contract's rules for an order, checked before anything is sent: a refused order costs a
 * request from the account's 60-a-minute budget, and a wrong one can move money.
 */

const MAX_LEGS = 4;

const isPositiveWholeNumber = (n: unknown): boolean =>
  typeof n === 'number' && Number.isSafeInteger(n) && n > 0;

/** A real calendar date written YYYY-MM-DD: 2024-02-29 is one, 2025-02-29 and 2025-02-30 are not. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function checkBot(bot: unknown, problems: FieldProblem[]): void {
  if (!isPositiveWholeNumber(bot)) {
    problems.push({ field: 'bot', message: words('fieldBotId') });
  }
}

function checkTrade(trade: unknown, problems: FieldProblem[]): void {
  if (!isPositiveWholeNumber(trade)) {
    problems.push({ field: 'trade', message: words('fieldTradeId') });
  }
}

function checkLeg(leg: Leg, at: string, problems: FieldProblem[]): void {
  const problem = (name: string, message: string) => problems.push({ field: `${at}.${name}`, message });
  if (typeof leg !== 'object' || leg === null) {
    problems.push({ field: at, message: words('fieldLegEmpty') });
    return;
  }
  if (typeof leg.symbol !== 'string' || leg.symbol.trim() === '') {
    problem('symbol', words('fieldSymbolMissing'));
  } else {
    const symbol = leg.symbol.trim().toUpperCase();
    if (/\d!$|!/.test(symbol)) {
      problem('symbol', words('fieldSymbolFuture', symbol));
    } else if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol)) {
      problem('symbol', words('fieldSymbolNotTicker', symbol));
    }
  }
  const quantity: unknown = leg.quantity;
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity)) {
    problem('quantity', words('fieldQuantityWhole'));
  } else if (quantity === 0) {
    problem('quantity', words('fieldQuantityZero'));
  }
  const expiration: unknown = leg.expiration;
  if (typeof expiration !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expiration)) {
    problem('expiration', words('fieldExpirationFormat'));
  } else if (!isCalendarDate(expiration)) {
    problem('expiration', words('fieldExpirationNotDate', expiration));
  }
  if (leg.type !== 'call' && leg.type !== 'put') problem('type', words('fieldTypeCallPut'));
  const strike: unknown = leg.strike;
  if (typeof strike !== 'number' || !Number.isFinite(strike) || strike <= 0) {
    problem('strike', words('fieldStrike'));
  }
}

/** Every rule the order breaks, field by field; empty when it may be sent. */
export function validateOrder(order: Order): FieldProblem[] {
  const problems: FieldProblem[] = [];
  switch (order.kind) {
    case 'enterBot':
      checkBot(order.bot, problems);
      break;
    case 'enterLegs': {
      checkBot(order.bot, problems);
      const legs: unknown = order.legs;
      if (!Array.isArray(legs) || legs.length === 0) {
        problems.push({ field: 'legs', message: words('fieldLegsNone') });
      } else if (legs.length > MAX_LEGS) {
        problems.push({ field: 'legs', message: words('fieldLegsTooMany', MAX_LEGS, legs.length) });
      } else {
        order.legs.forEach((leg, i) => {
          checkLeg(leg, `legs.${i}`, problems);
        });
      }
      break;
    }
    case 'exitTrade':
    case 'closeTrade':
      checkTrade(order.trade, problems);
      break;
    case 'closeBot':
      checkBot(order.bot, problems);
      if (order.close !== 'all' && order.close !== 'newest' && order.close !== 'oldest') {
        problems.push({ field: 'close', message: words('fieldCloseWhich') });
      }
      break;
    case 'trimTrade': {
      checkTrade(order.trade, problems);
      const trim: unknown = order.trim;
      if (typeof trim !== 'number' || !Number.isInteger(trim) || trim < 1 || trim > 100) {
        problems.push({ field: 'trim', message: words('fieldTrimPercent') });
      }
      break;
    }
    default:
      problems.push({ field: 'kind', message: words('fieldOrderUnknown') });
  }
  return problems;
}

// Kept apart so the views that only show a call do not carry the validation texts.
export { describeOrder, orderCall } from './order-call';
