// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createJournal, journalCsv, UNKNOWN_OUTCOME } from '@/entrypoints/background/journal';
import { createLock } from '@/entrypoints/background/locked';
import { createStore } from '@/entrypoints/background/store';
import { MAYBE_PLACED } from '@/lib/api/outcome-words';
import { botId } from '@/lib/api/types';
import type { JournalEntry } from '@/lib/messaging/protocol';
import { JOURNAL_CAP, journalItem, noticesItem } from '@/lib/storage/items';

const entry = (id: string, patch: Partial<JournalEntry> = {}): JournalEntry => ({
  id,
  at: Date.UTC(2026, 10, 25, 14, 30),
  mode: 'paper',
  from: 'popup',
  order: { kind: 'enterBot', bot: botId(1234567) },
  call: 'POST enter/1234567',
  body: null,
  symbol: null,
  status: 'pending',
  requestId: null,
  httpStatus: null,
  reason: null,
  message: null,
  latencyMs: null,
  ...patch,
});

describe('order journal', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps the newest entries first and caps the list', async () => {
    const journal = createJournal(createLock(), createStore());
    await journalItem.setValue(
      Array.from({ length: JOURNAL_CAP }, (_, i) => entry(`old-${i}`, { status: 'placed' })),
    );
    await journal.add(entry('new'));
    // In flight it is listed on top of the settled ones; settled, it takes its place in the cap.
    expect((await journal.list())[0]).toMatchObject({ id: 'new', status: 'pending' });
    await journal.settle('new', { status: 'placed' });
    const list = await journal.list();
    expect(list).toHaveLength(JOURNAL_CAP);
    expect(list[0]?.id).toBe('new');
    expect(list.at(-1)?.id).toBe(`old-${JOURNAL_CAP - 2}`);
  });

  it('lists an order once while it settles, whenever the list is read (the risk caps count from it)', async () => {
    // Every point of the settle's writes, one microtask apart.
    for (let wait = 0; wait < 80; wait++) {
      fakeBrowser.reset();
      const journal = createJournal(createLock(), createStore());
      await journal.add(entry('a'));
      const settling = journal.settle('a', { status: 'placed' });
      for (let i = 0; i < wait; i++) await Promise.resolve();
      const seen = await journal.list();
      await settling;
      expect(seen.map((e) => e.id)).toEqual(['a']);
    }
  });

  it('turns orders cut off by a stopped worker into unknown outcomes, not failures', async () => {
    const journal = createJournal(createLock(), createStore());
    await journal.add(entry('a'));
    await journal.settle('a', { status: 'placed' });
    await journal.add(entry('b'));
    expect(await journal.markInterrupted()).toBe(1);
    const [b, a] = await journal.list();
    expect(b).toMatchObject({ id: 'b', status: 'unknown' });
    expect(b?.message).toContain(MAYBE_PLACED);
    expect(b?.message).not.toContain(UNKNOWN_OUTCOME);
    expect(a?.status).toBe('placed');
  });

  it('stores the words as the trader read them: an entry written before the catalogue reads as it was', async () => {
    // Written by the version before locales/en.json held these sentences (the same words, inline).
    const before = [
      entry('old-cut', {
        status: 'unknown',
        message: `Outcome unknown: the extension stopped mid-request. ${MAYBE_PLACED}`,
      }),
      entry('old-placed', { status: 'placed', message: 'Accepted', at: Date.UTC(2026, 10, 25, 14, 0) }),
    ];
    await journalItem.setValue(before);
    const store = createStore();
    const journal = createJournal(createLock(), store);
    await journal.add(entry('cut', { at: Date.UTC(2026, 10, 25, 15, 0) }));
    expect(await journal.markInterrupted()).toBe(1);
    const [cut, ...old] = await journal.list();
    expect(old.map((e) => e.message)).toEqual(before.map((e) => e.message));
    // A new entry holds the sentence itself, word for word what the old version wrote: never a key
    // that a later catalogue could change or drop under the trader's record.
    const stored = (await journalItem.getValue()).find((e) => e.id === 'cut');
    expect(stored?.message).toBe(before[0]?.message);
    expect(cut?.message).toBe(before[0]?.message);
    expect(journalCsv([cut as JournalEntry])).toContain(
      'Outcome unknown: the extension stopped mid-request.',
    );
  });

  it('lists an order once when the worker stopped between settling it and clearing it from flight', async () => {
    const store = createStore();
    const journal = createJournal(createLock(), store);
    await journal.add(entry('a'));
    const inFlight = await store.ordersInFlight.get();
    await journal.settle('a', { status: 'placed' });
    // The second of settle's two writes never happened: the worker stopped in between.
    await store.ordersInFlight.set(inFlight);
    expect((await journal.list()).map((e) => `${e.id} ${e.status}`)).toEqual(['a placed']);
    // The next worker finds it in flight, and keeps what it was settled as.
    const next = createJournal(createLock(), store);
    expect(await next.markInterrupted()).toBe(0);
    expect((await next.list()).map((e) => `${e.id} ${e.status}`)).toEqual(['a placed']);
    expect(await store.ordersInFlight.get()).toEqual({});
  });

  it('sets an unreadable entry aside with a notice instead of crashing, and resets what is no list', async () => {
    await fakeBrowser.storage.local.set({ journal: [{ id: 3, nonsense: true }] });
    const journal = createJournal(createLock(), createStore());
    expect(await journal.list()).toEqual([]);
    expect((await noticesItem.getValue()).join()).toMatch(
      /order journal had 1 entry this version cannot read/,
    );
    await fakeBrowser.storage.local.set({ journal: 'junk' });
    expect(await createJournal(createLock(), createStore()).list()).toEqual([]);
    expect((await noticesItem.getValue()).join()).toMatch(/order journal could not be read/);
  });

  it('exports CSV that a spreadsheet cannot execute', () => {
    const csv = journalCsv([
      entry('x', {
        status: 'refused',
        reason: '=HYPERLINK("http://evil")',
        message: 'Bot not enabled, "really"',
      }),
    ]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(
      'time,mode,from,call,body,symbol,status,requestId,httpStatus,reason,message,latencyMs,order',
    );
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row).toContain('"Bot not enabled, ""really"""');
    expect(row?.startsWith('2026-11-25T14:30:00.000Z,paper,popup,POST enter/1234567,')).toBe(true);
    expect(row?.endsWith(',Enter via bot 1234567')).toBe(true);
  });

  it("names each row's bot and, for legs, the strikes and expirations in the CSV", () => {
    const legs = [
      { symbol: 'SPY', quantity: -1, expiration: '2026-12-04', type: 'put' as const, strike: 580 },
      { symbol: 'SPY', quantity: 1, expiration: '2026-12-04', type: 'put' as const, strike: 575 },
    ];
    const csv = journalCsv(
      [
        entry('a', { order: { kind: 'enterLegs', bot: botId(4822377), legs } }),
        entry('b', { order: { kind: 'enterBot', bot: botId(4821952) }, symbol: 'SPY' }),
      ],
      new Map([
        [4822377, 'Manual Trades'],
        [4821952, 'SPY Put Credit Spread'],
      ]),
    );
    const [, legsRow, botRow] = csv.split('\r\n');
    expect(legsRow).toContain(
      '"Enter 2 legs via bot Manual Trades (4822377): -1 SPY 2026-12-04 580 put, +1 SPY 2026-12-04 575 put"',
    );
    expect(botRow?.endsWith(',Enter via bot SPY Put Credit Spread (4821952)')).toBe(true);
  });
});
