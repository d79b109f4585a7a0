import {
  botBindingsSchema,
  journalSchema,
  modeSchema,
  ordersInFlightSchema,
  rateBudgetSchema,
  readCacheSchema,
  readChecked,
  recentOrdersSchema,
  secretSchema,
  settingsSchema,
} from '@/lib/storage/checked';
import {
  botBindingsItem,
  journalItem,
  modeItem,
  ordersInFlightItem,
  paperRateBudgetItem,
  rateBudgetItem,
  readCacheItem,
  recentOrdersItem,
  sealedSecretItem,
  secretItem,
  sessionSecretItem,
  settingsItem,
} from '@/lib/storage/items';
import { readInFlightEntries, readJournalEntries } from '@/lib/storage/journal-entries';
import { mirror } from '@/lib/storage/mirror';
import { defaultKeyStore, type KeyStore, sealedSecret } from '@/lib/storage/sealed-secret';

/**
 * What the background reads on every click, mirrored in memory for the worker's life so an
 * order does not wait on a dozen storage round trips. Storage stays the truth: every write goes
 * through before its promise resolves, and a fresh worker starts from storage.
 */
export function createStore(keys: KeyStore = defaultKeyStore()) {
  return {
    mode: mirror(modeItem, modeSchema, 'mode'),
    /** Sealed in storage, plain only in the worker's memory (see lib/storage/sealed-secret.ts). */
    secret: sealedSecret(sealedSecretItem, secretItem, keys),
    sessionSecret: mirror(sessionSecretItem, secretSchema, 'session secret'),
    settings: mirror(settingsItem, settingsSchema, 'settings'),
    bindings: mirror(botBindingsItem, botBindingsSchema, 'bot bindings'),
    rateBudget: mirror(rateBudgetItem, rateBudgetSchema, 'rate budget'),
    paperRateBudget: mirror(paperRateBudgetItem, rateBudgetSchema, 'Paper rate budget'),
    recentOrders: mirror(recentOrdersItem, recentOrdersSchema, 'recent orders'),
    readCache: mirror(readCacheItem, readCacheSchema, 'cached bots and trades'),
    // Entry by entry: one unreadable entry is set aside, never the whole journal lost.
    journal: mirror(journalItem, journalSchema, 'order journal', readJournalEntries),
    ordersInFlight: mirror(ordersInFlightItem, ordersInFlightSchema, 'orders in flight', () =>
      readInFlightEntries(ordersInFlightItem, () =>
        readChecked(ordersInFlightItem, ordersInFlightSchema, 'orders in flight'),
      ),
    ),
  };
}

export type Store = ReturnType<typeof createStore>;
