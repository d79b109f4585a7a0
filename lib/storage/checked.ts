import type { WxtStorageItem } from 'wxt/utils/storage';
import * as z from 'zod/mini';
import { orderSchema } from '../api/order-schema';
import { words } from '../words';
import { noticesItem } from './items';
import {
  botBindingsSchema,
  finite,
  int,
  modeSchema,
  rateBudgetSchema,
  readCacheSchema,
} from './read-cache-schema';

/**
 * Stored data is a boundary like any other: another version of the extension, a sync
 * glitch or a hand edit can leave anything there. Every read goes through a schema; what does
 * not parse is reset to its fallback and the trader is told once, instead of crashing a view.
 */

export { botBindingsSchema, modeSchema, rateBudgetSchema, readCacheSchema };

export const secretSchema = z.nullable(
  z.object({
    value: z
      .string()
      .check(z.regex(/^[A-Za-z0-9]{8}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{12}$/)),
    savedAt: finite,
  }),
);

export const settingsSchema = z.object({
  budgetShare: int.check(z.gte(1), z.lte(60)),
  orderReserve: int.check(z.gte(0), z.lte(30)),
  oneClickLive: z.boolean(),
  defaultBot: z.nullable(int),
  botBySymbol: z.record(z.string(), int),
  symbolMap: z.record(z.string(), z.string()),
  rotateAfterDays: int.check(z.gte(1), z.lte(365)),
  // Settings saved before the time zone existed read as ET, the platform's zone.
  timeZone: z._default(z.string(), 'America/New_York'),
});

export const journalEntrySchema = z.object({
  id: z.string(),
  at: finite,
  mode: modeSchema,
  from: z.enum(['popup', 'overlay', 'shortcut']),
  order: orderSchema,
  call: z.string(),
  body: z.nullable(z.record(z.string(), z.unknown())),
  symbol: z.nullable(z.string()),
  status: z.enum(['pending', 'placed', 'refused', 'unknown']),
  requestId: z.nullable(z.string()),
  httpStatus: z.nullable(finite),
  reason: z.nullable(z.string()),
  message: z.nullable(z.string()),
  latencyMs: z.nullable(finite),
});
export const journalSchema = z.array(journalEntrySchema);
export const ordersInFlightSchema = z.record(z.string(), journalEntrySchema);

export const noticesSchema = z.array(z.string().check(z.maxLength(500))).check(z.maxLength(50));

export const recentOrdersSchema = z.record(z.string(), finite);

export const overlayPlacementSchema = z.record(
  z.string(),
  z.object({ right: z.optional(finite), top: z.optional(finite), collapsed: z.optional(z.boolean()) }),
);

/**
 * Read an item through its schema. A value that does not parse is replaced by the fallback
 * (the item's own), and a notice names what was reset. Never throws for bad data.
 */
export async function readChecked<T>(
  item: WxtStorageItem<T, Record<string, unknown>>,
  schema: z.ZodMiniType<unknown>,
  name: string,
): Promise<T> {
  let raw: unknown;
  try {
    raw = await item.getValue();
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as T;
  await item.removeValue();
  await addNotice(words('storedReset', name));
  return item.fallback;
}

let noticeWrites: Promise<void> = Promise.resolve();

/** Notices can be added by reads running side by side: one write at a time so none is lost. */
export function addNotice(text: string): Promise<void> {
  noticeWrites = noticeWrites.then(async () => {
    const notices = await noticesItem.getValue();
    const list = Array.isArray(notices) ? notices.filter((n): n is string => typeof n === 'string') : [];
    if (!list.includes(text)) await noticesItem.setValue([...list, text].slice(-10));
  });
  return noticeWrites;
}
