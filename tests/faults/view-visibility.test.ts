import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createPnlReads, PNL_PERIOD_MS } from '@/entrypoints/background/pnl-reads';
import { identify } from '@/entrypoints/background/sender';
import { createViewPorts } from '@/entrypoints/background/view-ports';
import { createViewReads } from '@/entrypoints/background/view-reads';
import { fakePort } from '../unit/ports';
import { chartSender, OVERLAY_FRAME, OVERLAY_KEY } from '../unit/senders';
import { simTime } from '../unit/sim-time';
import { createRig, faultFileLifecycle, overlay, popup, type Rig } from './harness';

/**
 * A view says over its port whether it is on screen, and that alone decides whether open trades are
 * read on a schedule. What comes over a port is input like any other: a malformed report, another
 * message in its place, or a report from a port nobody may open is refused, and nothing crashes,
 * reads or sends.
 */

faultFileLifecycle();

/** The worker's view ports and P&L schedule over a rig, on the rig's clock. */
function wire(rig: Rig) {
  const time = simTime({ now: rig.now, advance: (ms) => rig.advance(ms) });
  const pnlReads = createPnlReads({
    now: rig.now,
    read: () => rig.service.refreshReads(),
    tradesAt: () => rig.service.tradesAt(),
    readRoom: () => rig.service.readRoom(),
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
  });
  const ports = createViewPorts({
    // Every chart tab's overlay frame is the one its content script placed (the fixtures' frame).
    classify: async (sender, frameKey) =>
      identify(sender, () => ({ frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }), frameKey),
    viewState: () => rig.service.viewState(),
    refreshReads: () => rig.service.refreshReads(),
    viewReads: createViewReads(rig.now),
    pnlReads,
    onOverlay: () => undefined,
  });
  const settle = async () => {
    await pnlReads.settled();
    await rig.settled();
  };
  return {
    ports,
    pnlReads,
    advance: (ms: number) => time.advance(ms, settle),
    async open(name: string, sender: Runtime.MessageSender) {
      const port = fakePort(name, sender);
      await ports.connect(port);
      await settle();
      return port;
    },
  };
}

const MALFORMED: [string, unknown][] = [
  ['no visible field', { type: 'view.visibility' }],
  ['visible as a word', { type: 'view.visibility', visible: 'yes' }],
  ['visible as a number', { type: 'view.visibility', visible: 1 }],
  ['visible null', { type: 'view.visibility', visible: null }],
  ['a misspelt type', { type: 'view.visible', visible: true }],
  ['a bare boolean', true],
  ['null', null],
  ['a string', 'visible'],
  ['an array', [{ type: 'view.visibility', visible: true }]],
  ['a deep object', JSON.parse(`${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}`)],
  ['visible as a megabyte of text', { type: 'view.visibility', visible: 'x'.repeat(1_000_000) }],
];

describe('View messages', () => {
  describe('malformed visibility report on the port', () => {
    for (const [what, message] of MALFORMED) {
      it(`${what}: refused without a crash; no scheduled read, the port still works`, async () => {
        const rig = createRig();
        await rig.goLive();
        const wired = wire(rig);
        const port = await wired.open('view', popup());
        // The connect's own bounded read (nothing was read yet).
        await wired.advance(1_000);
        const reads = rig.gets().length;
        expect(() => port.say(message)).not.toThrow();
        await wired.advance(5 * PNL_PERIOD_MS);
        expect(wired.pnlReads.visible()).toBe(false);
        expect(rig.gets().length).toBe(reads);
        expect(port.disconnected).toBe(false);
        // The same port, a well-formed report: the schedule starts.
        port.say({ type: 'view.visibility', visible: true });
        await wired.advance(3 * PNL_PERIOD_MS);
        expect(rig.gets().length).toBeGreaterThan(reads);
      });
    }

    it('another message in its place (an order over the port): nothing sent, nothing scheduled', async () => {
      const rig = createRig();
      await rig.goLive();
      const wired = wire(rig);
      const port = await wired.open(`view:${OVERLAY_KEY}`, overlay(7));
      expect(() =>
        port.say({ type: 'order.place', order: rig.orders().enterBot, confirmed: true }),
      ).not.toThrow();
      await wired.advance(2 * PNL_PERIOD_MS);
      expect(rig.posts()).toEqual([]);
      expect(wired.pnlReads.visible()).toBe(false);
    });

    it('over runtime.sendMessage instead of the port: refused with words, nothing scheduled', async () => {
      const rig = createRig();
      await rig.goLive();
      for (const message of [
        { type: 'view.visibility', visible: true },
        { type: 'view.visibility', visible: 'yes' },
      ]) {
        const envelope = await rig.send(message, popup());
        expect(envelope).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused/) });
      }
      expect(rig.gets()).toEqual([]);
    });

    it('from a port nobody may open (a page, the content script, a copy of the overlay): disconnected, and its reports do nothing', async () => {
      const rig = createRig();
      await rig.goLive();
      const wired = wire(rig);
      const strangers: [string, Runtime.MessageSender][] = [
        ['view', { id: 'another-extension', url: 'chrome-extension://another/popup.html' }],
        ['view', chartSender(7)],
        // overlay.html in another frame of the tab than the one its content script placed.
        [`view:${OVERLAY_KEY}`, { ...overlay(7), frameId: OVERLAY_FRAME + 1 }],
        ['not-a-view', popup()],
      ];
      for (const [name, sender] of strangers) {
        const port = await wired.open(name, sender);
        expect(port.disconnected, `${name} from ${sender.url}`).toBe(true);
        port.say({ type: 'view.visibility', visible: true });
      }
      await wired.advance(3 * PNL_PERIOD_MS);
      expect(wired.pnlReads.visible()).toBe(false);
      expect(rig.gets()).toEqual([]);
    });
  });
});
