import * as z from 'zod/mini';
import type { BotId, Order, TradeId } from './types';

/**
 * The shape of an order as it crosses a message boundary. Only structure is checked here;
 * the trading rules (non-zero quantity, real dates, 1-4 legs, trim 1-100) are `validateOrder`'s,
 * so their messages can be field by field and in a trader's words.
 */
const id = z.pipe(
  z.number(),
  z.transform((n) => n),
);
const botIdSchema = z.pipe(
  id,
  z.transform((n) => n as BotId),
);
const tradeIdSchema = z.pipe(
  id,
  z.transform((n) => n as TradeId),
);

export const legSchema = z.object({
  symbol: z.string(),
  quantity: z.number(),
  expiration: z.string(),
  type: z.enum(['call', 'put']),
  strike: z.number(),
});

export const orderSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('enterBot'), bot: botIdSchema }),
  z.object({ kind: z.literal('enterLegs'), bot: botIdSchema, legs: z.array(legSchema) }),
  z.object({ kind: z.literal('exitTrade'), trade: tradeIdSchema }),
  z.object({ kind: z.literal('closeBot'), bot: botIdSchema, close: z.enum(['all', 'newest', 'oldest']) }),
  z.object({ kind: z.literal('closeTrade'), trade: tradeIdSchema }),
  z.object({ kind: z.literal('trimTrade'), trade: tradeIdSchema, trim: z.number() }),
]);

// Compile-time proof that the schema and the Order type say the same thing.
type Parsed = z.infer<typeof orderSchema>;
const _sameShape: [Parsed extends Order ? true : false, Order extends Parsed ? true : false] = [true, true];
void _sameShape;
