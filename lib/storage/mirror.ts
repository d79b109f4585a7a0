import type { WxtStorageItem } from 'wxt/utils/storage';
import type * as z from 'zod/mini';
import { readChecked } from './checked';

export interface Mirror<T> {
  /** The value, from memory once read; checked through its schema on the first read. */
  get(): Promise<T>;
  /** Write through: memory at once, storage before the promise resolves. */
  set(value: T): Promise<void>;
  remove(): Promise<void>;
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
): Mirror<T> {
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
  };
}
