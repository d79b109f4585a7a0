import { storage } from 'wxt/utils/storage';
import type { BotBindings } from '../bots/binding';
import {
  type AccountReads,
  DEFAULT_SETTINGS,
  type JournalEntry,
  type Mode,
  type Settings,
} from '../messaging/protocol';
import type { SealedSecret } from './sealed-secret';

/**
 * Every stored value, one item per key. Values are read through `lib/storage/checked.ts`,
 * which validates them with zod and resets corrupt or foreign data with a notice.
 */

/** Paper on a fresh install: nothing leaves the browser until the trader switches to Live. */
export const modeItem = storage.defineItem<Mode>('local:mode', { fallback: 'paper', version: 1 });

export interface StoredSecret {
  value: string;
  /** ms epoch, for the 90-day rotation reminder. */
  savedAt: number;
}

/** Where earlier versions kept the Live secret, plain: migrated into `sealedSecretItem` at worker start. */
export const secretItem = storage.defineItem<StoredSecret | null>('local:secret', {
  fallback: null,
  version: 1,
});

/**
 * The Live secret kept across browser restarts, sealed (lib/storage/sealed-secret.ts): ciphertext
 * here, the key in the extension origin's IndexedDB. `secretItem` is where earlier versions kept it
 * plain; it is read once, sealed, and removed.
 */
export const sealedSecretItem = storage.defineItem<SealedSecret | null>('local:sealedSecret', {
  fallback: null,
  version: 1,
});

/** The Live secret when the trader chose "this browser session only": gone when the browser closes. */
export const sessionSecretItem = storage.defineItem<StoredSecret | null>('session:secret', {
  fallback: null,
  version: 1,
});

// The defaults live beside the Settings type, so views can use them without the storage layer.
export { DEFAULT_SETTINGS };

/** The trader's settings. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Which underlying each bot trades, as the trader bound it (lib/bots/binding.ts). */
export const botBindingsItem = storage.defineItem<BotBindings>('local:botBindings', {
  fallback: {},
  version: 1,
});

export interface ReadCache extends AccountReads {
  /** Which account the cache is of: Paper and Live never mix. */
  mode: Mode;
}

export const emptyReadCache = (mode: Mode): ReadCache => ({
  mode,
  user: null,
  bots: [],
  openTrades: [],
  botsAt: null,
  tradesAt: null,
  readError: null,
});

/** Bots and open trades as last read, so a view can draw at once before any request. */
export const readCacheItem = storage.defineItem<ReadCache | null>('local:readCache', {
  fallback: null,
  version: 1,
});

export interface RateBudgetState {
  /** ms epochs of the requests sent in the last 60 s (any call, reads and orders). */
  sent: number[];
  /** ms epoch until which nothing may be sent after a 429. */
  blockedUntil: number | null;
}

/** The Live rate budget survives the worker being stopped: MV3 kills idle workers. */
export const rateBudgetItem = storage.defineItem<RateBudgetState>('local:rateBudget', {
  fallback: { sent: [], blockedUntil: null },
  version: 1,
});

/** Paper's own budget: the simulator keeps the same rules, but a Live block never holds Paper. */
export const paperRateBudgetItem = storage.defineItem<RateBudgetState>('local:paperRateBudget', {
  fallback: { sent: [], blockedUntil: null },
  version: 1,
});

/** Every order sent, newest first, capped. The secret is never in it. */
export const journalItem = storage.defineItem<JournalEntry[]>('local:journal', { fallback: [], version: 1 });
export const JOURNAL_CAP = 500;

/** Journal entries this version could not read (a newer version's), kept whole for the export. */
export const journalAsideItem = storage.defineItem<unknown[]>('local:journalAside', {
  fallback: [],
  version: 1,
});

/** The journal entries' format version (lib/storage/journal-entries.ts), so a downgrade is seen. */
export const journalVersionItem = storage.defineItem<number | null>('local:journalVersion', {
  fallback: null,
  version: 1,
});

/**
 * Orders sent and not yet answered, by journal id. Written before the request leaves (a small
 * write, so the click is not slowed by rewriting the whole journal); moved into the journal with
 * their outcome, or as "outcome unknown" if the worker was stopped before the answer came.
 */
export const ordersInFlightItem = storage.defineItem<Record<string, JournalEntry>>('local:ordersInFlight', {
  fallback: {},
  version: 1,
});

/** When each order key was last sent (ms epoch), for the "same order seconds ago" guard. */
export const recentOrdersItem = storage.defineItem<Record<string, number>>('local:recentOrders', {
  fallback: {},
  version: 1,
});

/** The simulated Paper account, so Paper trades survive the worker and the browser restarting. */
export const paperAccountItem = storage.defineItem<unknown>('local:paperAccount', {
  fallback: null,
  version: 1,
});

export interface OverlayPlacement {
  /** px from the right and top of the chart window, once the trader dragged it (else the default corner). */
  right?: number;
  top?: number;
  collapsed?: boolean;
}

/** The overlay's place and collapsed state, per TradingView host. */
export const overlayPlacementItem = storage.defineItem<Record<string, OverlayPlacement>>(
  'local:overlayPlacement',
  { fallback: {}, version: 1 },
);

/** Things the trader should be told once (e.g. "your stored settings were unreadable and were reset"). */
export const noticesItem = storage.defineItem<string[]>('local:notices', { fallback: [], version: 1 });
