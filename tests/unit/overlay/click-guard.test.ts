import { describe, expect, it } from 'vitest';
import {
  createClickGuard,
  MIN_VISIBLE_MS,
  type VisibilityEntry,
  type VisibilityWatch,
} from '@/entrypoints/overlay/click-guard';

/** A clock and an observer the test moves by hand. */
function setup() {
  let time = 10_000;
  let emit: (entries: readonly VisibilityEntry[]) => void = () => {};
  let stopped = false;
  const watch: VisibilityWatch = (onEntries) => {
    emit = onEntries;
    return () => {
      stopped = true;
    };
  };
  const guard = createClickGuard({ now: () => time, watch });
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
    const guard = createClickGuard({ now: () => 0, watch: null });
    expect(guard.needsConfirmation).toBe(true);
    expect(guard.check({ isTrusted: false })).toMatchObject({ counts: false, why: 'untrusted' });
    expect(guard.check(trusted)).toEqual({ counts: true });
  });
});
