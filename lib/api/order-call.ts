import { words } from '../words';
import type { Leg, Order, OrderCall } from './types';

/** The HTTP call an order becomes, exactly as the contract spells it. */
export function orderCall(order: Order): OrderCall {
  switch (order.kind) {
    case 'enterBot':
      return { method: 'POST', path: `enter/${order.bot}`, body: undefined };
    case 'enterLegs':
      return {
        method: 'POST',
        path: 'enter',
        body: {
          bot: order.bot,
          legs: order.legs.map((leg) => ({
            symbol: leg.symbol.trim().toUpperCase(),
            quantity: leg.quantity,
            expiration: leg.expiration,
            type: leg.type,
            strike: leg.strike,
          })),
        },
      };
    case 'exitTrade':
      return { method: 'POST', path: `exit/${order.trade}`, body: undefined };
    case 'closeBot':
      return { method: 'POST', path: 'exit', body: { bot: order.bot, close: order.close } };
    case 'closeTrade':
      return { method: 'POST', path: 'exit', body: { trade: order.trade } };
    case 'trimTrade':
      return { method: 'POST', path: 'exit', body: { trade: order.trade, trim: order.trim } };
  }
}

function describeLeg(leg: Leg): string {
  const signed = leg.quantity > 0 ? `+${leg.quantity}` : String(leg.quantity);
  return `${signed} ${leg.symbol.trim().toUpperCase()} ${leg.expiration} ${leg.strike} ${leg.type}`;
}

/** One line a trader reads before and after sending, e.g. "Trim 50% of trade 55 (rounds up)". */
export function describeOrder(order: Order, botName?: string): string {
  const bot = (id: number) => (botName ? words('orderBotNamed', botName, id) : words('orderBot', id));
  switch (order.kind) {
    case 'enterBot':
      return words('orderEnterVia', bot(order.bot));
    case 'enterLegs': {
      const legs = order.legs.length === 1 ? words('orderLegOne') : words('orderLegs', order.legs.length);
      return words('orderEnterLegs', legs, bot(order.bot), order.legs.map(describeLeg).join(', '));
    }
    case 'exitTrade':
    case 'closeTrade':
      return words('orderCloseTrade', order.trade);
    case 'closeBot':
      return words(
        order.close === 'all'
          ? 'orderCloseAllOfBot'
          : order.close === 'newest'
            ? 'orderCloseNewestOfBot'
            : 'orderCloseOldestOfBot',
        bot(order.bot),
      );
    case 'trimTrade':
      return words('orderTrimTrade', order.trim, order.trade);
  }
}
