import { describeOrder } from '@/lib/api/order-call';
import { MAYBE_PLACED, UNKNOWN_OUTCOME } from '@/lib/api/outcome-words';
import type { JournalEntry } from '@/lib/messaging/protocol';
import { JOURNAL_CAP } from '@/lib/storage/items';
import { type StagedWrite, setTogether } from '@/lib/storage/mirror';
import { words } from '@/lib/words';
import type { Store } from './store';

/**
 * The order journal: what was sent, when, in which mode, and what came of it. An order is
 * recorded as in flight before the request leaves, so a worker stopped mid-request leaves a
 * trace that the next start turns into "outcome unknown" instead of forgetting the order.
 */

export { UNKNOWN_OUTCOME };

const newestFirst = (a: JournalEntry, b: JournalEntry) => b.at - a.at;

export function createJournal(locked: <T>(task: () => Promise<T>) => Promise<T>, store: Store) {
  /**
   * Settled entries plus any still in flight, newest first. Read under the lock: a settle moves an
   * entry from one list to the other in two writes, and a read between them saw it twice (a daily
   * cap counted one order as two; the journal showed it twice).
   */
  function list(): Promise<JournalEntry[]> {
    return locked(async () => {
      const [entries, inFlight] = await Promise.all([store.journal.get(), store.ordersInFlight.get()]);
      // An order settled a moment before a worker stopped can be in both lists: it is one order.
      const pending = Object.values(inFlight).filter((p) => !entries.some((e) => e.id === p.id));
      return pending.length === 0 ? entries : [...pending, ...entries].sort(newestFirst);
    });
  }

  /** Move entries into the journal, in time order, capped. */
  async function record(settled: JournalEntry[]): Promise<void> {
    // The journal and the in-flight list are two writes: a worker that stops between them leaves
    // a settled order in flight too, and the next start settles it again. One id, one row: the
    // newer word on it replaces the older.
    const ids = new Set(settled.map((e) => e.id));
    const entries = (await store.journal.get()).filter((e) => !ids.has(e.id));
    await store.journal.set([...settled, ...entries].sort(newestFirst).slice(0, JOURNAL_CAP));
  }

  return {
    list,

    /** Before the request leaves: a small write, durable before anything is sent. */
    add(entry: JournalEntry): Promise<void> {
      return this.addWith(entry, (write) => setTogether([write]));
    },

    /**
     * `add`, with the write made by `store` (in one storage call with the order's other records),
     * under the journal's lock: no settle or other add comes between the read and that write.
     */
    addWith(entry: JournalEntry, store_: (write: StagedWrite) => Promise<void>): Promise<void> {
      return locked(async () => {
        await store_(
          store.ordersInFlight.stage({ ...(await store.ordersInFlight.get()), [entry.id]: entry }),
        );
      });
    },

    /** An in-flight record whose order was never sent (its claim could not be stored). */
    discard(id: string): Promise<void> {
      return locked(async () => {
        const { [id]: _gone, ...rest } = await store.ordersInFlight.get();
        await store.ordersInFlight.set(rest);
      });
    },

    settle(id: string, patch: Partial<JournalEntry>): Promise<void> {
      return locked(async () => {
        const inFlight = await store.ordersInFlight.get();
        const entry = inFlight[id];
        if (!entry) return;
        await record([{ ...entry, ...patch }]);
        const { [id]: _settled, ...rest } = inFlight;
        await store.ordersInFlight.set(rest);
      });
    },

    /** At worker start: whatever was still in flight was cut off mid-request. */
    markInterrupted(): Promise<number> {
      return locked(async () => {
        const wasInFlight = Object.values(await store.ordersInFlight.get());
        const entries = await store.journal.get();
        // One settled before the worker stopped between its two writes keeps what it settled as.
        const inFlight = wasInFlight.filter((p) => !entries.some((e) => e.id === p.id));
        // Entries written as pending inside the journal by an earlier version count too.
        const stale = entries.filter((e) => e.status === 'pending');
        const cut = [...inFlight, ...stale].map((e) => ({
          ...e,
          status: 'unknown' as const,
          // The words as of now, stored: an entry keeps reading as it was written (it is the trader's record).
          message: words('journalInterrupted', MAYBE_PLACED),
        }));
        if (cut.length === 0) {
          // Only ones already settled were left in flight: clear them, and touch nothing else.
          if (wasInFlight.length > 0) await store.ordersInFlight.set({});
          return 0;
        }
        await store.journal.set(entries.filter((e) => e.status !== 'pending'));
        await record(cut);
        await store.ordersInFlight.set({});
        return cut.length;
      });
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;

const CSV_COLUMNS = [
  'time',
  'mode',
  'from',
  'call',
  'body',
  'symbol',
  'status',
  'requestId',
  'httpStatus',
  'reason',
  'message',
  'latencyMs',
  'order',
] as const;

/** A spreadsheet must not run what a server put in a reason: neutralise formula starts. */
function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `botNames`: the bots as last read, so each row names its bot; the order column says what was sent
 * in words (each leg's strike and expiration), beside the exact body.
 */
export function journalCsv(
  entries: JournalEntry[],
  botNames: ReadonlyMap<number, string> = new Map(),
): string {
  const rows = entries.map((e) =>
    [
      new Date(e.at).toISOString(),
      e.mode,
      e.from,
      e.call,
      e.body,
      e.symbol,
      e.status,
      e.requestId,
      e.httpStatus,
      e.reason,
      e.message,
      e.latencyMs,
      describeOrder(e.order, 'bot' in e.order ? botNames.get(e.order.bot) : undefined),
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n');
}

export function journalJson(entries: readonly unknown[]): string {
  return JSON.stringify(entries, null, 2);
}
