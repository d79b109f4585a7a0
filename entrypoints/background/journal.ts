import type { JournalEntry } from '@/lib/messaging/protocol';
import { journalSchema, readChecked } from '@/lib/storage/checked';
import { JOURNAL_CAP, journalItem } from '@/lib/storage/items';

/**
 * The order journal: what was sent, when, in which mode, and what came of it. An entry is
 * written as `pending` before the request leaves, so a worker stopped mid-request leaves a
 * trace that the next start turns into "outcome unknown" instead of forgetting the order.
 */

export const UNKNOWN_OUTCOME =
  'Outcome unknown: the order may have been placed. Check your open trades / the Trade Transparency page before sending it again.';

export function createJournal(locked: <T>(task: () => Promise<T>) => Promise<T>) {
  const read = () => readChecked<JournalEntry[]>(journalItem, journalSchema, 'order journal');

  return {
    list: read,

    add(entry: JournalEntry): Promise<void> {
      return locked(async () => {
        const entries = await read();
        await journalItem.setValue([entry, ...entries].slice(0, JOURNAL_CAP));
      });
    },

    settle(id: string, patch: Partial<JournalEntry>): Promise<void> {
      return locked(async () => {
        const entries = await read();
        await journalItem.setValue(entries.map((e) => (e.id === id ? { ...e, ...patch } : e)));
      });
    },

    /** At worker start: whatever was still pending was cut off mid-request. */
    markInterrupted(): Promise<number> {
      return locked(async () => {
        const entries = await read();
        let count = 0;
        const settled = entries.map((e) => {
          if (e.status !== 'pending') return e;
          count++;
          return {
            ...e,
            status: 'unknown' as const,
            message: `${UNKNOWN_OUTCOME} (the extension stopped mid-request)`,
          };
        });
        if (count > 0) await journalItem.setValue(settled);
        return count;
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
] as const;

/** A spreadsheet must not run what a server put in a reason: neutralise formula starts. */
function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function journalCsv(entries: JournalEntry[]): string {
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
    ]
      .map(csvCell)
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n');
}

export function journalJson(entries: JournalEntry[]): string {
  return JSON.stringify(entries, null, 2);
}
