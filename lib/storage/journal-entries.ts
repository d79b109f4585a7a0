import type { JournalEntry } from '../messaging/protocol';
import { words } from '../words';
import { addNotice, journalEntrySchema, journalSchema, readChecked } from './checked';
import { JOURNAL_CAP, journalAsideItem, journalItem, journalVersionItem } from './items';

/**
 * The journal read entry by entry. One entry this version cannot read (`from: 'hotkey'` written
 * by a newer one, a hand edit) must not empty the trader's whole record of what was sent: the
 * readable ones are kept, the others are moved aside, whole and untouched, into
 * `journalAsideItem`, which the JSON export includes. A stored schema version newer than ours
 * says the extension was downgraded, and the trader is told why entries are aside.
 */

/** The journal's entry format. Raise it when an entry gains a field or value older versions refuse. */
export const JOURNAL_VERSION = 1;

const plural = (n: number) => (n === 1 ? words('storedEntryOne') : words('storedEntries', n));

async function setAside(unreadable: unknown[]): Promise<void> {
  const before = await journalAsideItem.getValue();
  const kept = Array.isArray(before) ? before : [];
  await journalAsideItem.setValue([...kept, ...unreadable].slice(-JOURNAL_CAP));
}

async function versionNotice(what: string, count: number): Promise<void> {
  const stored = await journalVersionItem.getValue();
  const newer = typeof stored === 'number' && stored > JOURNAL_VERSION;
  await addNotice(words(newer ? 'storedAsideNewer' : 'storedAside', what, plural(count)));
}

/** The readable entries of a list, the rest set aside; a value that is no list at all is reset. */
export async function readJournalEntries(): Promise<JournalEntry[]> {
  let raw: unknown;
  try {
    raw = await journalItem.getValue();
  } catch {
    raw = undefined;
  }
  if (!Array.isArray(raw))
    return readChecked<JournalEntry[]>(journalItem, journalSchema, words('storedNameJournal'));
  const good: JournalEntry[] = [];
  const bad: unknown[] = [];
  for (const entry of raw) {
    const parsed = journalEntrySchema.safeParse(entry);
    if (parsed.success) good.push(parsed.data as JournalEntry);
    else bad.push(entry);
  }
  if (bad.length > 0) {
    await setAside(bad);
    await journalItem.setValue(good);
    await versionNotice(words('storedNameJournal'), bad.length);
  }
  await markVersion();
  return good;
}

/** The same for the orders in flight: one unreadable record must not lose the others' "unknown". */
export async function readInFlightEntries(
  item: { getValue(): Promise<unknown>; setValue(v: Record<string, JournalEntry>): Promise<void> },
  fallback: (name: string) => Promise<Record<string, JournalEntry>>,
): Promise<Record<string, JournalEntry>> {
  let raw: unknown;
  try {
    raw = await item.getValue();
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return fallback(words('storedNameInFlight'));
  const good: Record<string, JournalEntry> = {};
  const bad: unknown[] = [];
  for (const [id, entry] of Object.entries(raw)) {
    const parsed = journalEntrySchema.safeParse(entry);
    if (parsed.success) good[id] = parsed.data as JournalEntry;
    else bad.push(entry);
  }
  if (bad.length > 0) {
    await setAside(bad);
    await item.setValue(good);
    await versionNotice(words('storedNameInFlight'), bad.length);
  }
  return good;
}

/** Entries set aside as unreadable, for the export. */
export async function journalAside(): Promise<unknown[]> {
  const aside = await journalAsideItem.getValue().catch(() => []);
  return Array.isArray(aside) ? aside : [];
}

async function markVersion(): Promise<void> {
  const stored = await journalVersionItem.getValue();
  // A newer version's number is left as it is: it says which version wrote the entries aside.
  if (stored === null || (typeof stored === 'number' && stored < JOURNAL_VERSION)) {
    await journalVersionItem.setValue(JOURNAL_VERSION);
  }
}
