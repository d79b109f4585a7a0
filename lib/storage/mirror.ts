import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import type * as z from 'zod/mini';
import { readChecked } from './checked';

export interface Mirror<T> {
  /** The value, from memory once read; checked through its schema on the first read. */
  get(): Promise<T>;
  /** Write through: memory at once, storage before the promise resolves. */
  set(value: T): Promise<void>;
  remove(): Promise<void>;
}

/** A mirror of one plain stored item, which can be written together with others (`setTogether`). */
export interface StoredMirror<T> extends Mirror<T> {
  /**
   * A write for `setTogether`: memory at once, as `set` does; storage in the caller's one call.
   * `failed` says that call did not go through (memory drops the value and reads storage again).
   */
  stage(value: T): StagedWrite;
}

/** One mirror's part of a `setTogether` write. */
export interface StagedWrite {
  item: WxtStorageItem<unknown, Record<string, unknown>>;
  value: unknown;
  failed(): void;
}

/**
 * Several mirrors written in one storage call (one `storage.local.set`, which the browser stores as one
 * transaction: all of it or none). What an order makes durable before it is sent goes this way: one
 * round trip to the browser's storage instead of one per record, and no crash between them can leave
 * some records without the others. Only for items without migrations (their `setValue` is one plain
 * write), as every mirrored item of the worker is.
 */
export async function setTogether(writes: readonly StagedWrite[]): Promise<void> {
  try {
    await storage.setItems(writes.map(({ item, value }) => ({ item, value })));
  } catch (error) {
    for (const write of writes) write.failed();
    throw error;
  }
}

/**
 * A stored item the background reads on every click, kept in memory for the worker's life.
 * The worker is the only writer of these items, so memory and storage agree; a change made
 * elsewhere (another context, a test, a hand edit) differs from memory and drops it, and the
 * next read goes back to storage through the schema. Storage stays the truth across restarts.
 */
export function mirror<T>(
  item: WxtStorageItem<T, Record<string, unknown>>,
  schema: z.ZodMiniType<unknown>,
  name: string,
  /** How to read it from storage when not in memory; by default whole, through the schema. */
  read: () => Promise<T> = () => readChecked<T>(item, schema, name),
): StoredMirror<T> {
  let held: { value: T; text: string } | null = null;
  let loading: Promise<T> | null = null;

  item.watch((stored) => {
    // Our own writes come back here too; only a value that differs from memory is news.
    if (held !== null && JSON.stringify(stored ?? item.fallback) !== held.text) held = null;
    // A read under way may have started before this change: it must not be kept as the value.
    if (held === null) loading = null;
  });

  const keep = (value: T): T => {
    held = { value, text: JSON.stringify(value) };
    return value;
  };

  return {
    get() {
      if (held !== null) return Promise.resolve(held.value);
      if (!loading) {
        const run: Promise<T> = read().then(
          (value) => {
            if (loading !== run) return value;
            loading = null;
            return keep(value);
          },
          (error: unknown) => {
            if (loading === run) loading = null;
            throw error;
          },
        );
        loading = run;
      }
      return loading;
    },
    async set(value) {
      keep(value);
      loading = null;
      try {
        await item.setValue(value);
      } catch (error) {
        // Storage did not take it (full, or gone): memory must not claim otherwise.
        held = null;
        throw error;
      }
    },
    async remove() {
      keep(item.fallback);
      loading = null;
      await item.removeValue();
    },
    stage(value) {
      keep(value);
      loading = null;
      return {
        item: item as WxtStorageItem<unknown, Record<string, unknown>>,
        value,
        failed: () => {
          held = null;
        },
      };
    },
  };
}
