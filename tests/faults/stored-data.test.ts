import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { registerShortcuts, SHORTCUTS } from '@/entrypoints/background/shortcuts';
import { botId } from '@/lib/api/types';
import { SPY_CREDIT_SPREAD_BOT } from '@/lib/sandbox';
import {
  journalSchema,
  modeSchema,
  ordersInFlightSchema,
  rateBudgetSchema,
  readCacheSchema,
  recentOrdersSchema,
  secretSchema,
  settingsSchema,
} from '@/lib/storage/checked';
import { DEFAULT_SETTINGS, modeItem, noticesItem, secretItem, sessionSecretItem } from '@/lib/storage/items';
import { chartTab, rereadOf } from '../unit/senders';
import {
  createRig,
  expectClearMessage,
  faultFileLifecycle,
  LIVE_SECRET,
  type Rig,
  readyChart,
  secretIn,
  T0,
} from './harness';

/**
 * Stored data is a boundary: another version, a sync glitch or a hand edit can leave anything in
 * storage. For every item the background reads, corrupt and foreign values must be reset with a
 * notice, and the service must keep working; the secret is kept when valid or dropped whole, never
 * half-read.
 */

const HUGE_TEXT = 'x'.repeat(1_000_000);
const HUGE_LIST = Array.from({ length: 100_000 }, (_, i) => ({ i }));

/** Values no item of ours ever holds (null is "missing": the item's fallback, no notice needed). */
const GARBAGE: [string, unknown][] = [
  ['a number', 42],
  ['a string', 'corrupted'],
  ['a boolean', true],
  ['an empty array', []],
  ['an array of junk', [1, 'two', { three: 3 }]],
  ['a foreign object', { version: 7, data: { something: 'else' } }],
  ['a huge string', HUGE_TEXT],
  ['a huge array', HUGE_LIST],
];

interface ItemCase {
  label: string;
  key: string;
  notice: string;
  schema: { safeParse(v: unknown): { success: boolean } };
  /** Near misses: the right shape with one wrong field. */
  nearMisses: [string, unknown][];
}

const journalEntry = {
  id: 'e1',
  at: T0,
  mode: 'live',
  from: 'popup',
  order: { kind: 'enterBot', bot: SPY_CREDIT_SPREAD_BOT },
  call: `POST enter/${SPY_CREDIT_SPREAD_BOT}`,
  body: null,
  symbol: null,
  status: 'placed',
  requestId: null,
  httpStatus: 200,
  reason: null,
  message: 'Accepted',
  latencyMs: 12,
};

const ITEMS: ItemCase[] = [
  {
    label: 'settings',
    key: 'settings',
    notice: 'settings',
    schema: settingsSchema,
    nearMisses: [
      ['a share given as text', { ...DEFAULT_SETTINGS, budgetShare: 'lots' }],
      ['a share above the API limit', { ...DEFAULT_SETTINGS, budgetShare: 600 }],
      ['a symbol map that is a list', { ...DEFAULT_SETTINGS, symbolMap: ['ES1!', 'SPY'] }],
      ['one field missing', { budgetShare: 50, orderReserve: 10 }],
    ],
  },
  {
    label: 'rate budget',
    key: 'rateBudget',
    notice: 'rate budget',
    schema: rateBudgetSchema,
    nearMisses: [
      ['sent times as text', { sent: ['yesterday'], blockedUntil: null }],
      ['a block given as text', { sent: [], blockedUntil: 'soon' }],
      ['sent as an object', { sent: { 0: T0 }, blockedUntil: null }],
    ],
  },
  {
    label: 'read cache',
    key: 'readCache',
    notice: 'cached bots and trades',
    schema: readCacheSchema,
    nearMisses: [
      [
        'bots with text ids',
        {
          mode: 'live',
          user: 'x',
          bots: [{ id: 'one', name: 'b', strategy: '' }],
          openTrades: [],
          botsAt: T0,
          tradesAt: T0,
          readError: null,
        },
      ],
      [
        'an unknown mode',
        { mode: 'demo', user: null, bots: [], openTrades: [], botsAt: null, tradesAt: null, readError: null },
      ],
      ['trades as an object', { mode: 'live', user: null, bots: [], openTrades: {}, botsAt: null }],
    ],
  },
  {
    label: 'journal',
    key: 'journal',
    notice: 'order journal',
    schema: journalSchema,
    nearMisses: [
      ['an entry with an unknown status', [{ ...journalEntry, status: 'maybe' }]],
      ['an entry with an order of an unknown kind', [{ ...journalEntry, order: { kind: 'buyEverything' } }]],
      ['an entry that is an object, not a list', { 0: journalEntry }],
    ],
  },
  {
    label: 'orders in flight',
    key: 'ordersInFlight',
    notice: 'orders in flight',
    schema: ordersInFlightSchema,
    nearMisses: [
      ['a list instead of a record', [journalEntry]],
      ['an entry with an unknown status', { x: { ...journalEntry, status: 'maybe' } }],
    ],
  },
  {
    label: 'recent orders',
    key: 'recentOrders',
    notice: 'recent orders',
    schema: recentOrdersSchema,
    nearMisses: [
      ['a time given as text', { [`enter:${SPY_CREDIT_SPREAD_BOT}`]: 'just now' }],
      ['a nested object', { [`enter:${SPY_CREDIT_SPREAD_BOT}`]: { at: T0 } }],
    ],
  },
];

const SECRET_GARBAGE: [string, unknown][] = [
  ...GARBAGE,
  ['the bare secret text (no object)', LIVE_SECRET],
  ['a secret one character short', { value: LIVE_SECRET.slice(0, -1), savedAt: T0 }],
  [
    'a secret with a space inside',
    { value: `${LIVE_SECRET.slice(0, 10)} ${LIVE_SECRET.slice(11)}`, savedAt: T0 },
  ],
  [
    'a whole webhook URL',
    { value: `https://app.optionsautotrader.com/webhook/${LIVE_SECRET}/bots`, savedAt: T0 },
  ],
  ['a valid secret with a text date', { value: LIVE_SECRET, savedAt: 'yesterday' }],
  ['a valid secret without a date', { value: LIVE_SECRET }],
  ['a valid secret under another name', { secret: LIVE_SECRET, savedAt: T0 }],
  ['a null value', { value: null, savedAt: T0 }],
];

// Fresh storage per case; nothing this file does may print or answer the secret.
faultFileLifecycle();

async function notices(): Promise<string[]> {
  return noticesItem.getValue();
}

async function expectNoticeFor(name: string): Promise<void> {
  const list = await notices();
  const notice = list.find((n) => n.includes(`stored ${name} `));
  expect(notice, `a notice names the ${name}`).toBeDefined();
  expectClearMessage(notice, 'notice');
}

/** The whole round a view makes: state, reads, an order, the journal and its exports. */
async function expectServiceWorks(rig: Rig, opts: { live: boolean }): Promise<void> {
  const state = await rig.ask({ type: 'state.get' });
  expect(state.settings.budgetShare).toBeGreaterThanOrEqual(1);
  const refreshed = await rig.ask({ type: 'reads.refresh' });
  expect(refreshed.readError).toBeNull();
  expect(refreshed.bots.length).toBeGreaterThan(0);
  const postsBefore = rig.posts().length;
  const reply = await rig.place(rig.orders().enterBot);
  await rig.settled();
  expect(reply.status).toBe('placed');
  expect(rig.posts()).toHaveLength(postsBefore + (opts.live ? 1 : 0));
  const journal = await rig.ask({ type: 'journal.list' });
  expect(journal[0]?.status).toBe('placed');
  expect((await rig.ask({ type: 'journal.export', format: 'csv' })).text).toContain('placed');
  expect(JSON.parse((await rig.ask({ type: 'journal.export', format: 'json' })).text)).toBeInstanceOf(Array);
}

describe('Stored data', () => {
  for (const item of ITEMS) {
    describe(item.label, () => {
      // A value that happens to be valid for this item (an empty journal) is kept, not reset.
      const corrupt = [...GARBAGE, ...item.nearMisses].filter(([, v]) => !item.schema.safeParse(v).success);
      for (const [what, value] of corrupt) {
        it(`${what}: reset with a notice, the service keeps working`, async () => {
          const rig = createRig();
          await rig.goLive();
          await fakeBrowser.storage.local.set({ [item.key]: value });
          await expectServiceWorks(rig, { live: true });
          await expectNoticeFor(item.notice);
          const stored = (await fakeBrowser.storage.local.get(item.key))[item.key];
          expect(item.schema.safeParse(stored ?? null).success || stored === undefined).toBe(true);
        });
      }
      it('null: read as missing, the service keeps working', async () => {
        const rig = createRig();
        await rig.goLive();
        await fakeBrowser.storage.local.set({ [item.key]: null });
        await expectServiceWorks(rig, { live: true });
      });
    });
  }

  describe('mode', () => {
    for (const [what, value] of [...GARBAGE, ['an unknown mode', 'demo'] as [string, unknown]]) {
      it(`${what}: falls back to Paper with a notice, nothing reaches the Live API`, async () => {
        const rig = createRig();
        await rig.goLive();
        await fakeBrowser.storage.local.set({ mode: value });
        const state = await rig.ask({ type: 'state.get' });
        expect(state.mode).toBe('paper');
        await expectServiceWorks(rig, { live: false });
        expect(rig.live.control.requests()).toHaveLength(0);
        await expectNoticeFor('mode');
        expect(modeSchema.safeParse(await modeItem.getValue()).success).toBe(true);
      });
    }
  });

  describe('secret', () => {
    it('a valid secret is kept, sealed: Live orders go out and no plain copy stays in storage', async () => {
      const rig = createRig();
      await rig.goLive();
      const state = await rig.ask({ type: 'state.get' });
      expect(state).toMatchObject({ mode: 'live', hasSecret: true, secretSavedAt: T0 });
      await expectServiceWorks(rig, { live: true });
      expect(await notices()).toEqual([]);
      expect(await secretItem.getValue()).toBeNull();
      const local = JSON.stringify(await fakeBrowser.storage.local.get(null));
      expect(local).toContain('sealedSecret');
      expect(secretIn(local)).toBeNull();
    });

    for (const [what, value] of SECRET_GARBAGE) {
      it(`${what}: dropped whole, Live orders held for want of a secret`, async () => {
        const rig = createRig();
        await rig.goLive();
        await fakeBrowser.storage.local.set({ secret: value });
        const reply = await rig.place(rig.orders().enterBot);
        expect(reply).toMatchObject({ status: 'held', reason: 'noSecret' });
        expectClearMessage(reply.message, 'noSecret');
        expect(rig.live.control.requests()).toHaveLength(0);
        await expectNoticeFor('secret');
        expect(await secretItem.getValue()).toBeNull();
        const state = await rig.ask({ type: 'state.get' });
        expect(state).toMatchObject({ hasSecret: false, secretSavedAt: null });
        const test = await rig.ask({ type: 'connection.test' });
        expect(test.ok).toBe(false);
        expectClearMessage(test.error?.message, 'test without secret');
        // Asked again cleanly: saving the secret anew brings Live back.
        await rig.ask({ type: 'connection.saveSecret', secret: LIVE_SECRET, sessionOnly: false });
        expect((await rig.place(rig.orders().enterBot)).status).toBe('placed');
        expect(rig.posts()).toHaveLength(1);
      });
    }

    it('the first state a view draws already says "no secret" for a corrupt stored secret', async () => {
      const rig = createRig();
      await rig.goLive();
      for (const [, value] of SECRET_GARBAGE) {
        await fakeBrowser.storage.local.set({ secret: value });
        const state = await rig.ask({ type: 'state.get' });
        expect(state).toMatchObject({ hasSecret: false, secretSavedAt: null });
      }
    });

    it('a corrupt session secret is dropped with a notice; the valid saved one is used', async () => {
      const rig = createRig();
      await rig.goLive();
      await fakeBrowser.storage.session.set({ secret: { value: 'not-a-secret', savedAt: T0 } });
      await expectServiceWorks(rig, { live: true });
      await expectNoticeFor('session secret');
      expect(await sessionSecretItem.getValue()).toBeNull();
      expect(secretSchema.safeParse(await secretItem.getValue()).success).toBe(true);
    });

    it('a valid session secret is used even when the saved one is corrupt', async () => {
      const rig = createRig();
      await modeItem.setValue('live');
      await sessionSecretItem.setValue({ value: LIVE_SECRET, savedAt: T0 });
      await fakeBrowser.storage.local.set({ secret: 12345 });
      await expectServiceWorks(rig, { live: true });
      const state = await rig.ask({ type: 'state.get' });
      expect(state).toMatchObject({ hasSecret: true, secretSessionOnly: true });
    });

    it('forgetting a corrupt secret falls back to Paper, visibly', async () => {
      const rig = createRig();
      await rig.goLive();
      await fakeBrowser.storage.local.set({ secret: { value: 'x', savedAt: 'y' } });
      const state = await rig.ask({ type: 'connection.forgetSecret' });
      expect(state).toMatchObject({ mode: 'paper', hasSecret: false });
      await expectServiceWorks(rig, { live: false });
    });

    it('switching to Live with only a corrupt secret is refused with a clear message', async () => {
      const rig = createRig();
      await fakeBrowser.storage.local.set({ secret: { value: LIVE_SECRET, savedAt: 'never' } });
      const envelope = await rig.send({ type: 'connection.setMode', mode: 'live' });
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expectClearMessage(envelope.error, 'setMode refusal');
      expect(await modeItem.getValue()).toBe('paper');
    });
  });

  describe('notices', () => {
    for (const [what, value] of GARBAGE) {
      it(`${what}: replaced by a readable list when the next notice is added`, async () => {
        const rig = createRig();
        await rig.goLive();
        await fakeBrowser.storage.local.set({ notices: value, settings: 'corrupt' });
        await expectServiceWorks(rig, { live: true });
        const list = await notices();
        expect(Array.isArray(list)).toBe(true);
        expect(list.length).toBeLessThanOrEqual(10);
        expect(list.every((n) => typeof n === 'string')).toBe(true);
        await expectNoticeFor('settings');
      });
    }
  });

  describe('paper account', () => {
    for (const [what, value] of GARBAGE) {
      it(`${what}: Paper starts a fresh simulated account and keeps working`, async () => {
        const rig = createRig();
        await fakeBrowser.storage.local.set({ paperAccount: value });
        await expectServiceWorks(rig, { live: false });
        const saved = (await fakeBrowser.storage.local.get('paperAccount')).paperAccount as {
          version?: unknown;
        };
        expect(saved?.version).toBe(1);
      });
    }

    it('a corrupt Paper account is reset with a notice', async () => {
      const rig = createRig();
      await fakeBrowser.storage.local.set({ paperAccount: { version: 9, junk: true } });
      await expectServiceWorks(rig, { live: false });
      await expectNoticeFor('Paper account');
    });
  });

  describe('overlay placement', () => {
    for (const [what, value] of GARBAGE) {
      it(`${what}: a shortcut still places its order and tells the trader`, async () => {
        const rig = createRig({ charts: { 7: readyChart('SPY') } });
        await rig.goLive();
        await rig.setSettings({ oneClickLive: true, defaultBot: botId(SPY_CREDIT_SPREAD_BOT) });
        await fakeBrowser.storage.local.set({ overlayPlacement: value });
        let onCommand: ((command: string, tab?: { id?: number }) => Promise<void>) | undefined;
        const spies = [
          vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((listener) => {
            onCommand = listener as typeof onCommand;
          }),
          vi
            .spyOn(fakeBrowser.tabs, 'sendMessage')
            .mockImplementation(async () => rereadOf(readyChart('SPY'))),
          vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (id) => ({ ...chartTab, id })),
        ];
        registerShortcuts({ service: rig.service, chartTabs: createChartTabs(), now: rig.now });
        await onCommand?.(SHORTCUTS.enter, { id: 7 });
        await rig.settled();
        expect(rig.posts()).toHaveLength(1);
        for (const spy of spies) spy.mockRestore();
      });
    }
  });
});
