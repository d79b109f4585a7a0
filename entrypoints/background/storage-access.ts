/**
 * Close `storage.local` (and `storage.session`) to content scripts where the browser can: Chrome's
 * `setAccessLevel`, kept by Chrome in the extension's prefs across restarts, set again at every
 * worker start all the same. Firefox has it for `storage.session` only (closed by default); its
 * `storage.local` stays open to content scripts, which is why the secret is sealed there
 * (lib/storage/sealed-secret.ts) in every browser.
 */

type Area = { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

/** The areas that now refuse content scripts. */
export async function closeStorageToContentScripts(
  storage: Record<string, unknown> | undefined = (
    globalThis as { chrome?: { storage?: Record<string, unknown> } }
  ).chrome?.storage,
): Promise<string[]> {
  const closed: string[] = [];
  for (const name of ['local', 'session']) {
    const area = storage?.[name] as Area | undefined;
    if (typeof area?.setAccessLevel !== 'function') continue;
    try {
      await area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
      closed.push(name);
    } catch {
      // Not supported for this area here: the seal still keeps the secret unreadable.
    }
  }
  return closed;
}
