import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { placements } from '@/entrypoints/background/placement';
import {
  clampSpot,
  mountOverlayFrame,
  type OverlayFrame,
  readPlacement,
  type SpotBounds,
  withSpot,
} from '@/entrypoints/tradingview.content/overlay-frame';
import type { OverlayMoveMessage } from '@/lib/messaging/protocol';

const HOST = location.hostname;

describe('clampSpot', () => {
  const bounds: SpotBounds = { viewWidth: 1200, viewHeight: 800, width: 300, height: 250, minTop: 40 };

  it('leaves a spot that fits alone', () => {
    expect(clampSpot({ right: 100, top: 200 }, bounds)).toEqual({ right: 100, top: 200 });
  });

  it('keeps the whole frame on screen', () => {
    expect(clampSpot({ right: -50, top: 200 }, bounds)).toEqual({ right: 0, top: 200 });
    expect(clampSpot({ right: 1000, top: 200 }, bounds)).toEqual({ right: 900, top: 200 });
    expect(clampSpot({ right: 100, top: 700 }, bounds)).toEqual({ right: 100, top: 550 });
  });

  it('never goes above the header, even when the window is too short for the frame', () => {
    expect(clampSpot({ right: 100, top: 0 }, bounds)).toEqual({ right: 100, top: 40 });
    expect(clampSpot({ right: 100, top: 500 }, { ...bounds, viewHeight: 200 })).toEqual({
      right: 100,
      top: 40,
    });
  });

  it('pins a frame wider than the window to the right edge, and rounds to whole pixels', () => {
    expect(clampSpot({ right: 80, top: 100 }, { ...bounds, viewWidth: 250 })).toEqual({ right: 0, top: 100 });
    expect(clampSpot({ right: 10.6, top: 99.4 }, bounds)).toEqual({ right: 11, top: 99 });
  });
});

describe('readPlacement and withSpot', () => {
  it('reads a spot only when both numbers are there and finite', () => {
    expect(readPlacement({ h: { right: 5, top: 6, collapsed: true } }, 'h')).toEqual({
      collapsed: true,
      spot: { right: 5, top: 6 },
    });
    for (const junk of [
      undefined,
      null,
      'x',
      { h: null },
      { h: { collapsed: false } },
      { h: { right: 5 } },
    ]) {
      expect(readPlacement(junk, 'h')).toEqual({ collapsed: false, spot: null });
    }
    expect(readPlacement({ h: { right: Number.NaN, top: 1 } }, 'h').spot).toBeNull();
    expect(readPlacement({ h: { right: '5', top: 1 } }, 'h').spot).toBeNull();
  });

  it('replaces or removes only this host spot, keeping collapsed and the other hosts', () => {
    const stored = {
      h: { collapsed: true, right: 1, top: 2 },
      other: { collapsed: false, right: 9, top: 9 },
    };
    expect(withSpot(stored, 'h', { right: 30, top: 40 })).toEqual({
      h: { collapsed: true, right: 30, top: 40 },
      other: stored.other,
    });
    expect(withSpot(stored, 'h', null)).toEqual({ h: { collapsed: true }, other: stored.other });
    expect(withSpot(undefined, 'h', { right: 3, top: 4 })).toEqual({ h: { right: 3, top: 4 } });
    // The input is left as it was: storage hands back the same object to other readers.
    expect(stored.h).toEqual({ collapsed: true, right: 1, top: 2 });
  });
});

describe('mountOverlayFrame moves', () => {
  let invalidated: (() => void)[];
  let frame: OverlayFrame;

  const ctx = () =>
    ({
      isInvalid: false,
      onInvalidated: (run: () => void) => invalidated.push(run),
      addEventListener: (target: EventTarget, type: string, handler: EventListener) =>
        target.addEventListener(type, handler),
    }) as unknown as ContentScriptContext;
  const wrapper = () => {
    const found = document.querySelector('iframe')?.parentElement;
    if (!found) throw new Error('no overlay frame');
    return found;
  };
  const spot = () => ({
    right: wrapper().style.getPropertyValue('right'),
    top: wrapper().style.getPropertyValue('top'),
  });
  const stored = async () => (await fakeBrowser.storage.local.get('overlayPlacement')).overlayPlacement;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  const move = (over: Partial<OverlayMoveMessage>): void =>
    frame.move({ type: 'overlay.move', phase: 'move', dx: 0, dy: 0, fromX: 700, fromY: 100, ...over });
  const trusted = (type: string, init: PointerEventInit) => {
    const event = new PointerEvent(type, init);
    Object.defineProperty(event, 'isTrusted', { value: true });
    return event;
  };

  beforeEach(async () => {
    fakeBrowser.reset();
    // The background's side of placement.get / placement.save (the router names the host from the sender).
    fakeBrowser.runtime.onMessage.addListener(async (message: unknown) => {
      const asked = message as { type: string; spot?: { right: number; top: number } | null };
      if (asked.type === 'placement.get') return { ok: true, value: await placements.forHost(HOST) };
      if (asked.type === 'placement.save') {
        await placements.save(HOST, asked.spot ?? null);
        return { ok: true, value: null };
      }
      return undefined;
    });
    // happy-dom loads no frames and says so each time; the frame's page is not under test here.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    invalidated = [];
    document.body.innerHTML = '';
  });
  afterEach(() => {
    for (const run of invalidated) run();
  });

  const mount = async (placement?: unknown) => {
    if (placement !== undefined) await fakeBrowser.storage.local.set({ overlayPlacement: placement });
    frame = mountOverlayFrame(ctx(), () => {});
    await settle();
  };

  it('sits in the default corner until dragged, and a drag moves it from where it began', async () => {
    await mount();
    expect(spot()).toEqual({ right: '60px', top: '90px' });
    move({ phase: 'start' });
    move({ dx: -40, dy: 25 });
    expect(spot()).toEqual({ right: '100px', top: '115px' });
    // Offsets are from the drag's start, not from the last message.
    move({ dx: -50, dy: 30 });
    expect(spot()).toEqual({ right: '110px', top: '120px' });
    expect(await stored()).toBeUndefined();
    move({ phase: 'end', dx: -60, dy: 30 });
    await settle();
    expect(spot()).toEqual({ right: '120px', top: '120px' });
    expect(await stored()).toEqual({ [HOST]: { right: 120, top: 120 } });
  });

  it('counts a frame that a taller panel pushed up as moved, and one that only grew as settled', async () => {
    await mount();
    move({ phase: 'start' });
    move({ phase: 'end', dy: 400 });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(frame.check().frameProblem).not.toBe('moved');
    // Grown with room below it (the window is 768 px, the frame's top at 490): it stays where it is.
    frame.fit(260);
    expect(spot().top).toBe('490px');
    expect(frame.check().frameProblem).not.toBe('moved');
    // Near the window's bottom, a panel grown to 560 px moves up to stay whole: what was under the
    // pointer is not any more.
    frame.fit(560);
    expect(spot().top).toBe('200px');
    expect(frame.check().frameProblem).toBe('moved');
  });

  it('saves nothing for a press that never moved', async () => {
    await mount();
    move({ phase: 'start' });
    move({ phase: 'end' });
    await settle();
    expect(await stored()).toBeUndefined();
    expect(spot()).toEqual({ right: '60px', top: '90px' });
  });

  it('comes back at the stored spot, clamped to this window, and keeps the collapse beside it', async () => {
    await mount({
      [HOST]: { collapsed: true, right: 5000, top: 200 },
      'other.tradingview.com': { collapsed: false },
    });
    expect(spot()).toEqual({ right: `${window.innerWidth - 300}px`, top: '200px' });
    move({ phase: 'step', dx: 10, fromX: 0, fromY: 0 });
    await settle();
    expect(await stored()).toEqual({
      [HOST]: { collapsed: true, right: window.innerWidth - 310, top: 200 },
      'other.tradingview.com': { collapsed: false },
    });
  });

  it('never goes above the header', async () => {
    const header = document.createElement('button');
    header.id = 'header-toolbar-symbol-search';
    header.getBoundingClientRect = () => ({ bottom: 38 }) as DOMRect;
    document.body.append(header);
    await mount();
    move({ phase: 'start' });
    move({ phase: 'end', dy: -500 });
    expect(spot().top).toBe('38px');
  });

  it('ignores a late word about a drag that already ended', async () => {
    await mount();
    move({ phase: 'start' });
    move({ phase: 'end', dx: -100 });
    move({ dx: -20 });
    expect(spot()).toEqual({ right: '160px', top: '90px' });
    // A new drag, even from the same place on screen, starts afresh.
    move({ phase: 'start' });
    move({ dx: -20 });
    expect(spot()).toEqual({ right: '180px', top: '90px' });
  });

  it('follows trusted page events once the pointer leaves the frame, until let go, and no other', async () => {
    await mount();
    // Not during a drag: the page's pointer means nothing to the frame.
    dispatchEvent(trusted('pointermove', { buttons: 1, screenX: 0, screenY: 0 }));
    expect(spot()).toEqual({ right: '60px', top: '90px' });

    move({ phase: 'start' });
    dispatchEvent(trusted('pointermove', { buttons: 1, screenX: 600, screenY: 150 }));
    expect(spot()).toEqual({ right: '160px', top: '140px' });
    // The page's own scripted events never move it.
    dispatchEvent(new PointerEvent('pointermove', { buttons: 1, screenX: 100, screenY: 100 }));
    expect(spot()).toEqual({ right: '160px', top: '140px' });
    dispatchEvent(trusted('pointerup', { buttons: 0, screenX: 580, screenY: 160 }));
    await settle();
    expect(spot()).toEqual({ right: '180px', top: '150px' });
    expect(await stored()).toEqual({ [HOST]: { right: 180, top: 150 } });
    // Let go: the page's pointer means nothing again.
    dispatchEvent(trusted('pointermove', { buttons: 1, screenX: 0, screenY: 0 }));
    expect(spot()).toEqual({ right: '180px', top: '150px' });
  });

  it('ends a drag, unmoved, when the page sees the pointer with no button held', async () => {
    await mount();
    move({ phase: 'start' });
    move({ dx: -30 });
    dispatchEvent(trusted('pointermove', { buttons: 0, screenX: 0, screenY: 0 }));
    await settle();
    expect(spot()).toEqual({ right: '90px', top: '90px' });
    expect(await stored()).toEqual({ [HOST]: { right: 90, top: 90 } });
  });

  it('resets to the corner and forgets the spot, keeping collapsed', async () => {
    await mount({ [HOST]: { collapsed: true, right: 300, top: 300 } });
    expect(spot()).toEqual({ right: '300px', top: '300px' });
    frame.reset();
    await settle();
    expect(spot()).toEqual({ right: '60px', top: '90px' });
    expect(await stored()).toEqual({ [HOST]: { collapsed: true } });
  });
});
