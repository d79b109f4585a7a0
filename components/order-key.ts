import type { Order } from '../lib/api/types';

/**
 * `orderKey` and `VIEW_PORT` from lib/messaging/protocol.ts, restated without that module's zod
 * schemas: importing any value from it puts zod into the popup bundle (~9 kB gzip). A unit test
 * holds the two to the same answers for every order kind.
 */
export const VIEW_PORT = 'view';

export function orderKey(order: Order): string {
  switch (order.kind) {
    case 'enterBot':
      return `enter:${order.bot}`;
    case 'enterLegs':
      return `enter:${order.bot}:${JSON.stringify(order.legs)}`;
    case 'exitTrade':
    case 'closeTrade':
      return `exit:${order.trade}`;
    case 'closeBot':
      return `close:${order.bot}:${order.close}`;
    case 'trimTrade':
      return `trim:${order.trade}:${order.trim}`;
  }
}
