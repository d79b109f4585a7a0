import * as z from 'zod/mini';

/**
 * The schemas of the stored read cache on their own, so the popup's first draw can check what it
 * draws with zod without the storage layer or the order schema (it runs before everything else).
 */

export const finite = z.number().check(z.refine(Number.isFinite));
export const int = z.number().check(z.int());

export const modeSchema = z.enum(['paper', 'live']);

export const cachedBotSchema = z.object({
  id: int,
  name: z.string(),
  strategy: z.string(),
  broker: z.optional(z.string()),
});

export const cachedTradeSchema = z.object({
  id: int,
  symbol: z.string(),
  strategy: z.string(),
  enteredAt: z.string(),
  entryPrice: finite,
  profitLoss: finite,
  percentProfitLoss: finite,
});

const apiErrorSchema = z.looseObject({ kind: z.string(), message: z.string() });

export const readCacheSchema = z.nullable(
  z.object({
    mode: modeSchema,
    user: z.nullable(z.string()),
    bots: z.array(cachedBotSchema),
    openTrades: z.array(cachedTradeSchema),
    botsAt: z.nullable(finite),
    tradesAt: z.nullable(finite),
    readError: z.nullable(apiErrorSchema),
  }),
);

/** Which underlying each bot trades (lib/bots/binding.ts), keyed by bot id. */
export const botBindingsSchema = z.record(
  z.string().check(z.regex(/^\d+$/)),
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('symbol'), underlying: z.string().check(z.regex(/^[A-Z][A-Z0-9.]{0,9}$/)) }),
    z.object({ kind: z.literal('any') }),
  ]),
);

export const rateBudgetSchema = z.object({
  sent: z.array(finite),
  blockedUntil: z.nullable(finite),
});
