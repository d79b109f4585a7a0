import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { checkStoredRules, isPauseState, PAUSE_RESET_NOTICE, RULES_RESET_NOTICE } from '@/lib/risk/storage';
import { DEFAULT_RISK_RULES } from '@/lib/risk/types';
import { noticesItem } from '@/lib/storage/items';
import { createRig, expectClearMessage, faultFileLifecycle, type Rig } from './harness';

/**
 * Corrupt risk rules never turn into "no limits" silently: what cannot be read is reset, entries
 * pause (the safe side), the trader is told once, exits still go, and resuming works again.
 */

const GARBAGE: [string, unknown][] = [
  ['a number', 42],
  ['a string', 'corrupted'],
  ['a boolean', true],
  ['an empty array', []],
  ['a foreign object', { version: 7, data: { something: 'else' } }],
  ['a huge string', 'x'.repeat(1_000_000)],
];

const RULE_NEAR_MISSES: [string, unknown][] = [
  ['a daily cap as text', { ...DEFAULT_RISK_RULES, maxEntriesPerDay: 'five' }],
  ['a negative daily cap', { ...DEFAULT_RISK_RULES, maxEntriesPerDay: -3 }],
  ['a fractional per-bot cap', { ...DEFAULT_RISK_RULES, maxEntriesPerBotPerDay: 2.5 }],
  ['a per-underlying limit of zero', { ...DEFAULT_RISK_RULES, maxOpenPerUnderlying: 0 }],
  ['a window that ends before it starts', { ...DEFAULT_RISK_RULES, hoursStart: 900, hoursEnd: 600 }],
  ['a window start past midnight', { ...DEFAULT_RISK_RULES, hoursStart: 5000 }],
  ['trading hours "on" as text', { ...DEFAULT_RISK_RULES, hoursOn: 'yes' }],
  ['one field missing', { hoursOn: true, hoursStart: 570, hoursEnd: 960 }],
];

const PAUSE_GARBAGE: [string, unknown][] = [
  ...GARBAGE,
  ['a pause without a time', { by: 'trader' }],
  ['a pause by an unknown cause', { since: 1, by: 'cat' }],
  ['a pause with a text time', { since: 'this morning', by: 'trader' }],
];

faultFileLifecycle();

/** Entries held by the pause with a clear reason; an exit still goes; resuming brings entries back. */
async function expectPausedNotOpen(rig: Rig, notice: string): Promise<void> {
  const orders = rig.orders();
  const state = await rig.ask({ type: 'state.get' });
  expect(state.risk?.pause).toMatchObject({ by: 'unreadable' });
  const before = rig.posts().length;
  const entry = await rig.place(orders.enterBot);
  expect(entry).toMatchObject({ status: 'held', reason: 'risk', rule: 'paused' });
  expectClearMessage(entry.message, 'paused entry');
  expect(entry.message).toContain('Settings → Risk');
  expect(rig.posts()).toHaveLength(before);
  const exit = await rig.place(orders.closeBot);
  expect(exit.status).toBe('placed');
  expect(rig.posts()).toHaveLength(before + 1);
  expect(await noticesItem.getValue()).toContain(notice);
  await rig.ask({ type: 'risk.pause', on: false, confirmed: true });
  await rig.settled();
  expect((await rig.place(orders.enterBot)).status).toBe('placed');
}

describe('Risk rules (stored)', () => {
  describe('risk rules', () => {
    for (const [what, value] of [...GARBAGE, ...RULE_NEAR_MISSES]) {
      it(`${what}: reset with a notice, entries paused, exits still go`, async () => {
        const rig = createRig();
        await rig.goLive();
        await fakeBrowser.storage.local.set({ riskRules: value });
        await expectPausedNotOpen(rig, RULES_RESET_NOTICE);
        const stored = (await fakeBrowser.storage.local.get('riskRules')).riskRules;
        expect(checkStoredRules(stored).intact).toBe(true);
      });
    }

    it('a corrupt cap keeps the rules that still read: the other caps stay caps', async () => {
      const rig = createRig();
      await rig.goLive();
      await fakeBrowser.storage.local.set({
        riskRules: {
          ...DEFAULT_RISK_RULES,
          maxEntriesPerDay: 'lots',
          maxOpenPerUnderlying: 3,
          maxEntriesPerBotPerDay: 2,
        },
      });
      const state = await rig.ask({ type: 'state.get' });
      expect(state.risk?.rules).toMatchObject({
        maxOpenPerUnderlying: 3,
        maxEntriesPerBotPerDay: 2,
        maxEntriesPerDay: null,
      });
      expect(state.risk?.pause?.by).toBe('unreadable');
    });

    it('null is "never set": the defaults, not paused, no notice', async () => {
      const rig = createRig();
      await fakeBrowser.storage.local.set({ riskRules: null });
      const state = await rig.ask({ type: 'state.get' });
      expect(state.risk?.pause).toBeNull();
      expect(state.risk?.rules).toEqual(DEFAULT_RISK_RULES);
      expect(await noticesItem.getValue()).toEqual([]);
    });
  });

  describe('pause switch', () => {
    for (const [what, value] of PAUSE_GARBAGE.filter(([, v]) => !isPauseState(v))) {
      it(`${what}: read as paused with a notice, exits still go`, async () => {
        const rig = createRig();
        await rig.goLive();
        await fakeBrowser.storage.local.set({ entriesPaused: value });
        await expectPausedNotOpen(rig, PAUSE_RESET_NOTICE);
      });
    }
  });

  describe('risk messages', () => {
    const BAD: [string, unknown][] = [
      ['resume without the confirmation', { type: 'risk.pause', on: false, confirmed: false }],
      ['a cap as text', { type: 'risk.save', patch: { maxEntriesPerDay: 'ten' } }],
      ['flatten with no bots', { type: 'flatten.run', bots: [], confirmed: true }],
      ['flatten without the confirmation', { type: 'flatten.run', bots: [1], confirmed: false }],
    ];
    for (const [what, message] of BAD) {
      it(`${what}: refused with a clear message, nothing sent, rules unchanged`, async () => {
        const rig = createRig();
        await rig.goLive();
        await rig.service.risk.setPaused(true, 'trader', false);
        const envelope = await rig.send(message);
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) expectClearMessage(envelope.error, what);
        expect(rig.posts()).toHaveLength(0);
        const state = await rig.ask({ type: 'state.get' });
        expect(state.risk?.pause?.by).toBe('trader');
      });
    }

    it('out-of-range values are not saved and are named', async () => {
      const rig = createRig();
      const reply = await rig.ask({
        type: 'risk.save',
        patch: { maxEntriesPerDay: 0, hoursStart: 900, hoursEnd: 800 },
      });
      expect(reply.saved).toEqual([]);
      expect(reply.notSaved.map((p) => p.field).sort()).toEqual([
        'hoursEnd',
        'hoursStart',
        'maxEntriesPerDay',
      ]);
      expect(reply.rules).toEqual(DEFAULT_RISK_RULES);
    });
  });
});
