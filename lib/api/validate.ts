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
    problems.push({ field: 'bot', message: 'Pick a bot: its id is a whole number above 0.' });
  }
}

function checkTrade(trade: unknown, problems: FieldProblem[]): void {
  if (!isPositiveWholeNumber(trade)) {
    problems.push({ field: 'trade', message: 'Pick an open trade: its id is a whole number above 0.' });
  }
}

function checkLeg(leg: Leg, at: string, problems: FieldProblem[]): void {
  const problem = (name: string, message: string) => problems.push({ field: `${at}.${name}`, message });
  if (typeof leg !== 'object' || leg === null) {
    problems.push({
      field: at,
      message: 'This leg is empty: give symbol, quantity, expiration, type and strike.',
    });
    return;
  }
  if (typeof leg.symbol !== 'string' || leg.symbol.trim() === '') {
    problem('symbol', 'Enter the underlying symbol, e.g. SPY.');
  } else {
    const symbol = leg.symbol.trim().toUpperCase();
    if (/\d!$|!/.test(symbol)) {
      problem('symbol', `${symbol} is a continuous future, not an option underlying: use e.g. SPX or SPY.`);
    } else if (!/^[A-Z][A-Z0-9.]{0,9}$/.test(symbol)) {
      problem('symbol', `${symbol} is not a single ticker (no spreads or expressions): use e.g. SPY.`);
    }
  }
  const quantity: unknown = leg.quantity;
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity)) {
    problem('quantity', 'Quantity is a whole number of contracts: + buys to open, - sells to open.');
  } else if (quantity === 0) {
    problem('quantity', 'Quantity cannot be 0: + buys to open, - sells to open.');
  }
  const expiration: unknown = leg.expiration;
  if (typeof expiration !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expiration)) {
    problem('expiration', 'Write the expiration as YYYY-MM-DD, e.g. 2025-03-21.');
  } else if (!isCalendarDate(expiration)) {
    problem('expiration', `${expiration} is not a real date: check the month and day.`);
  }
  if (leg.type !== 'call' && leg.type !== 'put') problem('type', 'Choose call or put.');
  const strike: unknown = leg.strike;
  if (typeof strike !== 'number' || !Number.isFinite(strike) || strike <= 0) {
    problem('strike', 'Strike is a price above 0.');
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
        problems.push({ field: 'legs', message: 'Add at least one leg.' });
      } else if (legs.length > MAX_LEGS) {
        problems.push({
          field: 'legs',
          message: `An order takes at most ${MAX_LEGS} legs; this one has ${legs.length}.`,
        });
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
        problems.push({ field: 'close', message: 'Choose which trades to close: all, newest or oldest.' });
      }
      break;
    case 'trimTrade': {
      checkTrade(order.trade, problems);
      const trim: unknown = order.trim;
      if (typeof trim !== 'number' || !Number.isInteger(trim) || trim < 1 || trim > 100) {
        problems.push({
          field: 'trim',
          message: 'Trim is a whole percentage from 1 to 100 (50 closes half, rounded up).',
        });
      }
      break;
    }
    default:
      problems.push({ field: 'kind', message: 'This is not an order the extension knows how to send.' });
  }
  return problems;
}

// Kept apart so the views that only show a call do not carry the validation texts.
export { describeOrder, orderCall } from './order-call';
