import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { createPnlReads } from '@/entrypoints/background/pnl-reads';
import { identify } from '@/entrypoints/background/sender';
import { createViewPorts } from '@/entrypoints/background/view-ports';
import { createViewReads, PER_MINUTE } from '@/entrypoints/background/view-reads';
import type { ViewState } from '@/lib/messaging/protocol';
import { fakePort } from '../ports';
import { chartSender, OVERLAY_FRAME, OVERLAY_KEY, pageSender } from '../senders';
import { simTime } from '../sim-time';

const T0 = Date.UTC(2026, 10, 25, 15, 0, 0);
const shown = (visible: boolean) => ({ type: 'view.visibility', visible });

function setup(opts: { classifyDelay?: Promise<void>; tradesAt?: number | null } = {}) {
  const time = simTime(T0);
  let tradesAt: number | null = opts.tradesAt ?? null;
  const reads: { at: number; by: 'schedule' | 'connect' }[] = [];
  const pnlReads = createPnlReads({
    now: time.now,
    read: async () => {
      reads.push({ at: time.now(), by: 'schedule' });
      tradesAt = time.now();
    },
    tradesAt: async () => tradesAt,
    readRoom: async () => 40,
    setTimer: time.setTimer,
    clearTimer: time.clearTimer,
  });
  const overlays: number[] = [];
  const ports = createViewPorts({
    classify: async (sender, frameKey) => {
      await opts.classifyDelay;
      return identify(sender, () => ({ frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY }), frameKey);
    },
    viewState: async () => ({ tradesAt }) as ViewState,
    refreshReads: async () => {
      reads.push({ at: time.now(), by: 'connect' });
      tradesAt = time.now();
    },
    viewReads: createViewReads(time.now),
    pnlReads,
    onOverlay: (tabId) => overlays.push(tabId),
  });
  const open = (name: string, sender: Runtime.MessageSender) => {
    const port = fakePort(name, sender);
    return { port, connected: ports.connect(port) };
  };
  return {
    time,
    reads,
    ports,
    pnlReads,
    overlays,
    open,
    advance: (ms: number) => time.advance(ms, () => pnlReads.settled()),
  };
}

describe('view ports', () => {
  it('a report sent as the port opens, before its sender is classified, is not lost', async () => {
    let release = () => {};
    const classifyDelay = new Promise<void>((ok) => {
      release = ok;
    });
    const { open, pnlReads, advance, reads } = setup({ classifyDelay });
    const { port, connected } = open('view', pageSender('popup.html'));
    port.say(shown(true));
    expect(pnlReads.visible()).toBe(false);
    release();
    await connected;
    expect(pnlReads.visible()).toBe(true);
    await advance(25_000);
    expect(reads.filter((r) => r.by === 'schedule').map((r) => r.at - T0)).toEqual([0, 10_000, 20_000]);
    expect(port.posted[0]).toMatchObject({ type: 'state' });
  });

  it('a port closed while it was being classified never counts as on screen', async () => {
    let release = () => {};
    const classifyDelay = new Promise<void>((ok) => {
      release = ok;
    });
    const { open, pnlReads, advance, reads, ports } = setup({ classifyDelay });
    const { port, connected } = open(`view:${OVERLAY_KEY}`, pageSender('overlay.html', 7));
    port.say(shown(true));
    port.close();
    release();
    await connected;
    await advance(60_000);
    expect(pnlReads.visible()).toBe(false);
    expect(ports.ports.size).toBe(0);
    expect(reads).toEqual([]);
  });

  it('only the popup and the bound overlay frame may open one; every other port is disconnected and not heard', async () => {
    const { open, pnlReads, ports, overlays } = setup();
    const refused: [string, Runtime.MessageSender][] = [
      ['view', chartSender(7)],
      ['view', { id: 'another-extension', url: 'chrome-extension://another/popup.html' }],
      [`view:${OVERLAY_KEY}`, { ...pageSender('overlay.html', 7), frameId: OVERLAY_FRAME + 1 }],
      ['something-else', pageSender('popup.html')],
    ];
    for (const [name, sender] of refused) {
      const { port, connected } = open(name, sender);
      port.say(shown(true));
      await connected;
      port.say(shown(true));
      expect(port.disconnected).toBe(true);
    }
    expect(pnlReads.visible()).toBe(false);
    expect(ports.ports.size).toBe(0);
    const popup = open('view', pageSender('popup.html'));
    const chart = open(`view:${OVERLAY_KEY}`, pageSender('overlay.html', 7));
    await Promise.all([popup.connected, chart.connected]);
    expect(ports.ports.size).toBe(2);
    expect(ports.overlaysOf(7)).toEqual([chart.port]);
    expect(overlays).toEqual([7]);
  });

  it('a view that says nothing of itself gets only the bounded read of stale trades, a few a minute', async () => {
    const { open, advance, reads } = setup({ tradesAt: T0 - 60_000 });
    for (let i = 0; i < 10; i++) {
      const { port, connected } = open(`view:${OVERLAY_KEY}`, pageSender('overlay.html', 7));
      await connected;
      await advance(16_000);
      port.close();
    }
    // 10 connects in 160 s, each with trades 16 s old: a few a minute for the tab, none scheduled.
    expect(reads.every((r) => r.by === 'connect')).toBe(true);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(160 / 60) * PER_MINUTE);
  });

  it('a hidden view connecting reads nothing, however stale; coming on screen reads at once, hiding stops it', async () => {
    const { open, advance, reads } = setup({ tradesAt: T0 - 60_000 });
    // A chart tab in the background whose overlay reconnects every time the worker restarts.
    for (let i = 0; i < 10; i++) {
      const { port, connected } = open(`view:${OVERLAY_KEY}`, pageSender('overlay.html', 7));
      port.say(shown(false));
      await connected;
      await advance(31_000);
      port.close();
    }
    expect(reads).toEqual([]);
    const { port, connected } = open(`view:${OVERLAY_KEY}`, pageSender('overlay.html', 7));
    port.say(shown(false));
    await connected;
    await advance(5_000);
    expect(reads).toEqual([]);
    port.say(shown(true));
    await advance(25_000);
    expect(reads.map((r) => r.by)).toEqual(['schedule', 'schedule', 'schedule']);
    port.say(shown(false));
    await advance(5 * 60_000);
    expect(reads).toHaveLength(3);
  });

  it('a visible view connecting leaves the read to the schedule: one read, not two', async () => {
    const { open, advance, reads } = setup({ tradesAt: T0 - 60_000 });
    const popup = open('view', pageSender('popup.html'));
    popup.port.say(shown(true));
    const chart = open(`view:${OVERLAY_KEY}`, pageSender('overlay.html', 7));
    chart.port.say(shown(true));
    await Promise.all([popup.connected, chart.connected]);
    await advance(5_000);
    expect(reads).toEqual([{ at: T0, by: 'schedule' }]);
  });
});
