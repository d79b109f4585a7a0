// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { LayoutWatch } from '@/components/steady-layout';
import {
  createClickGuard,
  DWELL_MS,
  MIN_VISIBLE_MS,
  type VisibilityEntry,
  type VisibilityWatch,
} from '@/entrypoints/overlay/click-guard';

/** A clock and an observer the test moves by hand. */
function setup({ pointer = true, layout }: { pointer?: boolean; layout?: LayoutWatch } = {}) {
  let time = 10_000;
  let emit: (entries: readonly VisibilityEntry[]) => void = () => {};
  let stopped = false;
  const watch: VisibilityWatch = (onEntries) => {
    emit = onEntries;
    return () => {
      stopped = true;
    };
  };
  const guard = createClickGuard({ now: () => time, watch, layout: layout ?? null });
  // The pointer has been over the panel all along, unless a test says otherwise.
  if (pointer) guard.note(move(5, 5, 5, 5));
  return {
    guard,
    advance: (ms: number) => {
      time += ms;
    },
    show: () => emit([{ isVisible: true, intersectionRatio: 1 }]),
    cover: () => emit([{ isVisible: false, intersectionRatio: 1 }]),
    clip: () => emit([{ isVisible: true, intersectionRatio: 0.9 }]),
    emit: (entries: VisibilityEntry[]) => emit(entries),
    stopped: () => stopped,
  };
}

const trusted = { isTrusted: true };
const move = (screenX: number, screenY: number, clientX: number, clientY: number, type = 'pointermove') => ({
  type,
  isTrusted: true,
  screenX,
  screenY,
  clientX,
  clientY,
});

describe("click guard and the panel's own rows", () => {
  it('ignores a click just after the rows moved under a pointer that dwelt, and takes it once they are still', () => {
    let rowsMovedAt = Number.NEGATIVE_INFINITY;
    let time = 0;
    const layout: LayoutWatch = { movedWithin: (ms) => time - rowsMovedAt < ms, stop: () => {} };
    const t = setup({ layout });
    const tick = (ms: number) => {
      t.advance(ms);
      time += ms;
    };
    t.show();
    tick(5_000);
    expect(t.guard.check(trusted)).toEqual({ counts: true });
    // A new trade pushes the list down: the Exit under the pointer is another trade's.
    rowsMovedAt = time;
    tick(100);
    expect(t.guard.check(trusted)).toMatchObject({
      counts: false,
      why: 'rows',
      message: 'The list moved as you clicked: nothing was sent. Look again, then click.',
    });
    tick(DWELL_MS);
    expect(t.guard.check(trusted)).toEqual({ counts: true });
  });
});

describe('click guard with IntersectionObserver v2', () => {
  it('ignores untrusted clicks even when the frame has long been visible', () => {
    const t = setup();
    t.show();
    t.advance(5_000);
    expect(t.guard.check({ isTrusted: false })).toMatchObject({ counts: false, why: 'untrusted' });
    expect(t.guard.check(trusted)).toEqual({ counts: true });
  });

  it('ignores clicks before any visibility report', () => {
    const t = setup();
    t.advance(5_000);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false, why: 'notVisible' });
  });

  it('counts a click only once the frame has been fully visible for 500 ms', () => {
    const t = setup();
    t.show();
    t.advance(MIN_VISIBLE_MS - 1);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false, why: 'notVisible' });
    t.advance(1);
    expect(t.guard.check(trusted)).toEqual({ counts: true });
  });

  it('restarts the 500 ms when the frame is covered, however briefly', () => {
    const t = setup();
    t.show();
    t.advance(2_000);
    t.cover();
    t.advance(10);
    t.show();
    t.advance(400);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false, why: 'notVisible' });
    t.advance(100);
    expect(t.guard.check(trusted)).toEqual({ counts: true });
  });

  it('treats a partly clipped frame as not visible', () => {
    const t = setup();
    t.clip();
    t.advance(5_000);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false });
  });

  it('does not restart the timer on repeated visible reports', () => {
    const t = setup();
    t.show();
    t.advance(300);
    t.show();
    t.advance(200);
    expect(t.guard.check(trusted)).toEqual({ counts: true });
  });

  it('reads the newest entry of a batch', () => {
    const t = setup();
    t.emit([
      { isVisible: true, intersectionRatio: 1 },
      { isVisible: false, intersectionRatio: 1 },
    ]);
    t.advance(5_000);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false });
  });

  it('treats an entry without isVisible (a v1 entry) as not visible', () => {
    const t = setup();
    t.emit([{ intersectionRatio: 1 }]);
    t.advance(5_000);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false });
  });

  it('does not need a confirmation step, and stops watching on dispose', () => {
    const t = setup();
    expect(t.guard.needsConfirmation).toBe(false);
    t.guard.dispose();
    expect(t.stopped()).toBe(true);
  });
});

describe('click guard without IntersectionObserver v2 (Firefox)', () => {
  it('requires the confirmation step and still ignores untrusted clicks', () => {
    let time = 0;
    const guard = createClickGuard({ now: () => time, watch: null });
    guard.note(move(5, 5, 5, 5));
    time += DWELL_MS;
    expect(guard.needsConfirmation).toBe(true);
    expect(guard.check({ isTrusted: false })).toMatchObject({ counts: false, why: 'untrusted' });
    expect(guard.check(trusted)).toEqual({ counts: true });
  });
});

describe('pointer dwell: a click counts only after the pointer has been moving over the panel', () => {
  const visible = () => {
    const t = setup({ pointer: false });
    t.show();
    t.advance(5_000);
    return t;
  };

  it('ignores a click with no pointer moves over the panel before it', () => {
    const t = visible();
    t.guard.note(move(10, 10, 10, 10, 'pointerdown'));
    expect(t.guard.check({ ...trusted, type: 'click', detail: 1 })).toMatchObject({
      counts: false,
      why: 'dwell',
    });
  });

  it('counts it once the pointer has dwelt 400 ms, and starts over when the pointer leaves', () => {
    const t = visible();
    t.guard.note(move(10, 10, 10, 10));
    t.advance(DWELL_MS - 1);
    t.guard.note(move(12, 10, 12, 10));
    expect(t.guard.check(trusted)).toMatchObject({ counts: false, why: 'dwell' });
    t.advance(1);
    expect(t.guard.check(trusted)).toEqual({ counts: true });
    t.guard.note(move(0, 0, 0, 0, 'pointerleave'));
    t.guard.note(move(12, 10, 12, 10));
    expect(t.guard.check(trusted)).toMatchObject({ counts: false, why: 'dwell' });
  });

  it('sees the panel slide under a still pointer, and says the page moved it', () => {
    const t = visible();
    t.guard.note(move(100, 100, 50, 50));
    t.advance(2_000);
    // Same spot on screen, another spot in the panel: the panel moved, not the pointer.
    t.guard.note(move(100, 100, 80, 20));
    expect(t.guard.check(trusted)).toMatchObject({
      counts: false,
      why: 'moved',
      message: expect.stringMatching(/moved or covered/),
    });
    t.advance(DWELL_MS);
    t.guard.note(move(101, 100, 81, 20));
    expect(t.guard.check(trusted)).toEqual({ counts: true });
  });

  it('ignores untrusted pointer moves', () => {
    const t = visible();
    t.guard.note({ ...move(10, 10, 10, 10), isTrusted: false });
    t.advance(DWELL_MS);
    expect(t.guard.check(trusted)).toMatchObject({ counts: false, why: 'dwell' });
  });

  it('takes the keyboard only on focus the trader gave the panel with a press, not focus the page gave it', () => {
    const t = visible();
    t.guard.note(move(0, 0, 0, 0, 'focus'));
    expect(t.guard.check({ ...trusted, type: 'keydown' })).toMatchObject({ counts: false, why: 'focus' });
    expect(t.guard.check({ ...trusted, type: 'click', detail: 0 })).toMatchObject({
      counts: false,
      why: 'focus',
    });
    t.guard.note(move(10, 10, 10, 10, 'pointerdown'));
    t.guard.note(move(0, 0, 0, 0, 'focus'));
    expect(t.guard.check({ ...trusted, type: 'keydown' })).toEqual({ counts: true });
    t.guard.note(move(0, 0, 0, 0, 'blur'));
    expect(t.guard.check({ ...trusted, type: 'keydown' })).toMatchObject({ counts: false, why: 'focus' });
  });
});
