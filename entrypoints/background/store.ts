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
import { words } from '@/lib/words';

/**
 * What the background reads on every click, mirrored in memory for the worker's life so an
 * order does not wait on a dozen storage round trips. Storage stays the truth: every write goes
 * through before its promise resolves, and a fresh worker starts from storage.
 */
export function createStore(keys: KeyStore = defaultKeyStore()) {
  return {
    mode: mirror(modeItem, modeSchema, words('storedNameMode')),
    /** Sealed in storage, plain only in the worker's memory (see lib/storage/sealed-secret.ts). */
    secret: sealedSecret(sealedSecretItem, secretItem, keys),
    sessionSecret: mirror(sessionSecretItem, secretSchema, words('storedNameSessionSecret')),
    settings: mirror(settingsItem, settingsSchema, words('storedNameSettings')),
    bindings: mirror(botBindingsItem, botBindingsSchema, words('storedNameBindings')),
    rateBudget: mirror(rateBudgetItem, rateBudgetSchema, words('storedNameRateBudget')),
    paperRateBudget: mirror(paperRateBudgetItem, rateBudgetSchema, words('storedNamePaperRateBudget')),
    recentOrders: mirror(recentOrdersItem, recentOrdersSchema, words('storedNameRecentOrders')),
    readCache: mirror(readCacheItem, readCacheSchema, words('storedNameReadCache')),
    // Entry by entry: one unreadable entry is set aside, never the whole journal lost.
    journal: mirror(journalItem, journalSchema, words('storedNameJournal'), readJournalEntries),
    ordersInFlight: mirror(ordersInFlightItem, ordersInFlightSchema, words('storedNameInFlight'), () =>
      readInFlightEntries(ordersInFlightItem, () =>
        readChecked(ordersInFlightItem, ordersInFlightSchema, words('storedNameInFlight')),
      ),
    ),
  };
}

export type Store = ReturnType<typeof createStore>;
