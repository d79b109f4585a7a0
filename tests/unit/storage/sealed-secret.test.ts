// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createConnections } from '@/entrypoints/background/connection';
import { createService } from '@/entrypoints/background/service';
import { closeStorageToContentScripts } from '@/entrypoints/background/storage-access';
import { createStore } from '@/entrypoints/background/store';
import { noticesItem, sealedSecretItem, secretItem } from '@/lib/storage/items';
import { memoryKeyStore, newSealingKey, seal, UNSEAL_NOTICE, unseal } from '@/lib/storage/sealed-secret';

const SECRET = 'f4c3b00c-1e55-4b1d-9a0f-5ec2e7a11d1e';
const T0 = Date.UTC(2026, 10, 25, 15);

/** The worker as it starts: store, connections, service. The key store stands for IndexedDB. */
function worker(keys = memoryKeyStore()) {
  const store = createStore(keys);
  const connections = createConnections({ liveFetch: async () => new Response('{}'), store });
  const service = createService({
    connections,
    now: () => T0,
    rereadChart: async () => null,
    onChange: () => {},
  });
  return { keys, store, connections, service };
}

/** Everything a content script could read from storage (Firefox: storage.local is open to it). */
const readable = async () =>
  JSON.stringify([await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null)]);

describe('the secret sealed at rest', () => {
  beforeEach(() => fakeBrowser.reset());

  it('saving a secret leaves no plain copy in storage.local, and the worker still uses it', async () => {
    const w = worker();
    await w.service.saveSecret(SECRET, false);
    const stored = await readable();
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain('5ec2e7a11d1e');
    expect(await secretItem.getValue()).toBeNull();
    expect((await w.connections.storedSecret())?.value).toBe(SECRET);
  });

  it('a worker started afresh unseals it with the key from IndexedDB', async () => {
    const keys = memoryKeyStore();
    await worker(keys).service.saveSecret(SECRET, false);
    const again = worker(keys);
    expect(await again.connections.storedSecret()).toEqual({ value: SECRET, savedAt: T0 });
  });

  it('storage change events hand over no secret: a content script listening sees ciphertext only', async () => {
    const seen: string[] = [];
    fakeBrowser.storage.onChanged.addListener((changes) => seen.push(JSON.stringify(changes)));
    await worker().service.saveSecret(SECRET, false);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.join('\n')).not.toContain(SECRET);
    expect(seen.join('\n')).not.toContain('1e55-4b1d');
  });

  it('a secret stored plain by an earlier version is sealed at worker start and the plain copy removed', async () => {
    await secretItem.setValue({ value: SECRET, savedAt: T0 - 5 });
    const w = worker();
    await w.store.secret.migrate();
    expect(await secretItem.getValue()).toBeNull();
    expect(await sealedSecretItem.getValue()).not.toBeNull();
    expect(await readable()).not.toContain(SECRET);
    expect(await w.connections.storedSecret()).toEqual({ value: SECRET, savedAt: T0 - 5 });
    expect(await noticesItem.getValue()).toEqual([]);
  });

  it('a box sealed with a key that is gone: the secret counts as none, the trader is told, nothing throws', async () => {
    await worker().service.saveSecret(SECRET, false);
    const other = worker(memoryKeyStore());
    expect(await other.connections.storedSecret()).toBeNull();
    expect(await noticesItem.getValue()).toContain(UNSEAL_NOTICE);
    expect(await sealedSecretItem.getValue()).toBeNull();
  });

  it('a damaged box is no secret, never half a secret', async () => {
    const key = await newSealingKey();
    const box = await seal(key, 'x');
    expect(await unseal(key, { ...box, data: `A${box.data.slice(1)}` })).toBeNull();
    expect(await unseal(key, { v: 2, iv: box.iv, data: box.data })).toBeNull();
    expect(await unseal(key, 'junk')).toBeNull();
    expect(await unseal(key, box)).toBe('x');
  });

  it('the sealing key cannot be exported, even by the worker', async () => {
    const key = await newSealingKey();
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('Chrome: local and session storage are closed to content scripts at worker start', async () => {
    const calls: string[] = [];
    const area = (name: string) => ({
      setAccessLevel: async (o: { accessLevel: string }) => {
        calls.push(`${name}:${o.accessLevel}`);
      },
    });
    expect(await closeStorageToContentScripts({ local: area('local'), session: area('session') })).toEqual([
      'local',
      'session',
    ]);
    expect(calls).toEqual(['local:TRUSTED_CONTEXTS', 'session:TRUSTED_CONTEXTS']);
    // Firefox: no setAccessLevel on local; nothing throws.
    expect(await closeStorageToContentScripts({ local: {}, session: area('session') })).toEqual(['session']);
  });
});
