import type { WxtStorageItem } from 'wxt/utils/storage';
import { words } from '../words';
import { addNotice, readChecked, secretSchema } from './checked';
import type { StoredSecret } from './items';
import type { Mirror } from './mirror';

/**
 * The Live secret kept across browser restarts, sealed. What `storage.local` holds is AES-GCM
 * ciphertext; the key is a non-extractable WebCrypto key in the extension origin's IndexedDB. A
 * content script (or a renderer compromised into running as one) can read `storage.local` in
 * Firefox, which has no `setAccessLevel` for it, and in any Chrome that has not run our worker yet;
 * it can never reach the extension origin's IndexedDB, nor export the key from it. So the secret is
 * unreadable from the page's world in both browsers, whatever the storage access level.
 */

/** Where the sealing key lives; IndexedDB in the extension, memory in Node tests. */
export interface KeyStore {
  get(): Promise<CryptoKey | null>;
  put(key: CryptoKey): Promise<void>;
}

export interface SealedSecret {
  /** Format of the sealed box, so a later version can tell what it reads. */
  v: 1;
  iv: string;
  data: string;
}

const DB_NAME = 'oat-keys';
const STORE = 'keys';
const KEY_ID = 'secret';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function openDb(): Promise<IDBDatabase> {
  const open = indexedDB.open(DB_NAME, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE);
  return request(open);
}

/** The extension origin's IndexedDB: out of every content script's and page's reach. */
export function indexedDbKeyStore(): KeyStore {
  return {
    async get() {
      const db = await openDb();
      try {
        const key: unknown = await request(db.transaction(STORE).objectStore(STORE).get(KEY_ID));
        return key instanceof CryptoKey ? key : null;
      } finally {
        db.close();
      }
    },
    async put(key) {
      const db = await openDb();
      try {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put(key, KEY_ID);
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    },
  };
}

/** For tests in Node, where there is no IndexedDB. */
export function memoryKeyStore(): KeyStore {
  let held: CryptoKey | null = null;
  return {
    get: async () => held,
    put: async (key) => {
      held = key;
    },
  };
}

/** One per process without IndexedDB, so a worker "restarted" in a Node test finds its key, as IndexedDB would. */
let processKeys: KeyStore | null = null;

export function defaultKeyStore(): KeyStore {
  if (typeof indexedDB !== 'undefined') return indexedDbKeyStore();
  processKeys ??= memoryKeyStore();
  return processKeys;
}

const b64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export function newSealingKey(): Promise<CryptoKey> {
  // Non-extractable: even code running in the worker cannot export it, only use it.
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, text: string): Promise<SealedSecret> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text));
  return { v: 1, iv: b64(iv), data: b64(new Uint8Array(data)) };
}

/** The plain text, or null when the box is not ours, damaged, or sealed with another key. */
export async function unseal(key: CryptoKey, box: unknown): Promise<string | null> {
  const b = box as Partial<SealedSecret> | null;
  if (
    typeof b !== 'object' ||
    b === null ||
    b.v !== 1 ||
    typeof b.iv !== 'string' ||
    typeof b.data !== 'string'
  )
    return null;
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(b.iv) }, key, unb64(b.data));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}

export const UNSEAL_NOTICE = /* @__PURE__ */ words('storedSecretUnsealable');

/**
 * The secret as the background sees it: plain in memory for the worker's life, sealed in storage.
 * A secret stored plain by an earlier version (`local:secret`) is sealed on first read and the
 * plain copy removed; the worker also does that at start, so it never waits for a first order.
 */
export function sealedSecret(
  sealedItem: WxtStorageItem<SealedSecret | null, Record<string, unknown>>,
  legacyItem: WxtStorageItem<StoredSecret | null, Record<string, unknown>>,
  keys: KeyStore,
): Mirror<StoredSecret | null> & { migrate(): Promise<void> } {
  let held: StoredSecret | null | undefined;
  /** The box we last wrote: its own change event is not news. */
  let written: string | null = null;
  let loading: Promise<StoredSecret | null> | null = null;

  const forget = () => {
    held = undefined;
    loading = null;
  };
  sealedItem.watch((box) => {
    if (JSON.stringify(box ?? null) !== written) forget();
  });
  legacyItem.watch((plain) => {
    if (plain !== null && plain !== undefined) forget();
  });

  async function keyFor(create: boolean): Promise<CryptoKey | null> {
    const existing = await keys.get();
    if (existing || !create) return existing;
    const key = await newSealingKey();
    await keys.put(key);
    return key;
  }

  async function store(value: StoredSecret): Promise<void> {
    const key = await keyFor(true);
    if (!key) throw new Error(words('storedSecretNotSealed'));
    const box = await seal(key, JSON.stringify(value));
    written = JSON.stringify(box);
    await sealedItem.setValue(box);
    await legacyItem.removeValue();
  }

  async function load(): Promise<StoredSecret | null> {
    let box: unknown;
    try {
      box = await sealedItem.getValue();
    } catch {
      box = null;
    }
    if (box !== null && box !== undefined) {
      const key = await keyFor(false).catch(() => null);
      const text = key ? await unseal(key, box) : null;
      let parsed: unknown = null;
      try {
        parsed = text === null ? null : JSON.parse(text);
      } catch {
        parsed = null;
      }
      const checked = secretSchema.safeParse(parsed);
      if (checked.success && checked.data) return checked.data;
      await sealedItem.removeValue();
      await addNotice(UNSEAL_NOTICE);
      return null;
    }
    // An earlier version kept it plain: read it through its schema, then seal it and drop the plain copy.
    const plain = await readChecked<StoredSecret | null>(legacyItem, secretSchema, 'secret');
    if (plain) await store(plain);
    return plain;
  }

  return {
    get() {
      if (held !== undefined) return Promise.resolve(held);
      if (!loading) {
        const run = load();
        loading = run;
        run.then(
          (value) => {
            if (loading !== run) return;
            held = value;
            loading = null;
          },
          () => {
            if (loading === run) loading = null;
          },
        );
      }
      return loading;
    },
    async set(value) {
      forget();
      if (value === null) {
        await this.remove();
        return;
      }
      await store(value);
      held = value;
    },
    async remove() {
      forget();
      written = 'null';
      await Promise.all([sealedItem.removeValue(), legacyItem.removeValue()]);
      held = null;
    },
    async migrate() {
      await this.get();
    },
  };
}
