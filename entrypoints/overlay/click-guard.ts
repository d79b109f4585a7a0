/**
 * Decides whether a click on the overlay counts. The overlay lives in an iframe on a page we do not
 * trust: that page can forge events, hide or cover the frame, or slide it under the pointer just before
 * a click. A click counts only if the browser says a person made it (`isTrusted`) and, where the browser
 * can tell (IntersectionObserver v2), the frame has been fully visible and uncovered for a while.
 * Where it cannot tell (Firefox), every order goes through a confirmation step instead.
 */

/** How long the frame must have been fully visible, uncovered, before a click counts. */
export const MIN_VISIBLE_MS = 500;

import type { LayoutWatch } from '../../components/steady-layout';
import { words } from '../../lib/words';
/** A confirmation opened less than this long ago ignores clicks: a double click cannot confirm. */
export const CONFIRM_ARM_MS = 500;
/**
 * A pointer click counts only after the pointer has moved over the panel this long: a page that slides
 * the panel under a resting pointer, or flashes it there between two clicks, gets no click.
 */
export const DWELL_MS = 400;

/** The part of an IntersectionObserverEntry (v2) the guard reads. */
export interface VisibilityEntry {
  isVisible?: boolean;
  intersectionRatio: number;
}

/** Starts watching and returns a function that stops it. */
export type VisibilityWatch = (onEntries: (entries: readonly VisibilityEntry[]) => void) => () => void;

export interface ClickGuardOptions {
  now: () => number;
  /** Null where the browser has no IntersectionObserver v2: clicks then always need a confirmation. */
  watch: VisibilityWatch | null;
  /**
   * The panel's own layout: rows that moved a moment ago (a new trade pushing the list) put another
   * button under a pointer that dwelt where it was (components/steady-layout.ts).
   */
  layout?: LayoutWatch | null;
}

export type ClickVerdict =
  | { counts: true }
  | {
      counts: false;
      /** `rows`: the panel's own rows moved a moment ago, so the button under the pointer may be another. */
      why: 'untrusted' | 'notVisible' | 'dwell' | 'moved' | 'rows' | 'focus';
      message: string;
    };

/** The part of a pointer event the guard reads. */
export interface PointerSample {
  type: string;
  isTrusted: boolean;
  screenX: number;
  screenY: number;
  clientX: number;
  clientY: number;
}

/** The part of a user event the guard judges: `detail` 0 on a click means the keyboard made it. */
export interface JudgedEvent {
  isTrusted: boolean;
  type?: string;
  detail?: number;
}

export interface ClickGuard {
  /** Whether this click may act. */
  check(event: JudgedEvent): ClickVerdict;
  /** Every pointer event over the panel (pointermove, pointerdown, pointerleave), and the window's focus/blur. */
  note(event: PointerSample): void;
  /** True where visibility cannot be proven: every order must be confirmed, Paper included. */
  readonly needsConfirmation: boolean;
  dispose(): void;
}

/** Rounding in the browser's geometry can leave a fully shown frame a hair under 1. */
const FULL = 0.999;

export function createClickGuard({ now, watch, layout = null }: ClickGuardOptions): ClickGuard {
  let visibleSince: number | null = null;
  /** Since when the pointer has been moving over the panel; null when it is not over it. */
  let dwellSince: number | null = null;
  let last: PointerSample | null = null;
  /** When the panel last moved under a still pointer. */
  let movedAt = Number.NEGATIVE_INFINITY;
  /** The keyboard acts only on focus the trader gave the panel with a press in it, not focus the page gave it. */
  let focusByPress = false;
  let pressedAt = Number.NEGATIVE_INFINITY;
  const stop =
    watch?.((entries) => {
      // The newest entry is the frame's current state; older ones in the batch are history.
      const last = entries[entries.length - 1];
      if (!last) return;
      const fullyVisible = last.isVisible === true && last.intersectionRatio >= FULL;
      if (!fullyVisible) visibleSince = null;
      else if (visibleSince === null) visibleSince = now();
    }) ?? (() => {});

  return {
    needsConfirmation: watch === null,
    note(event) {
      if (!event.isTrusted) return;
      const t = now();
      if (event.type === 'pointerleave' || event.type === 'pointerout' || event.type === 'blur') {
        if (event.type !== 'pointerout') dwellSince = null;
        if (event.type === 'blur') focusByPress = false;
        last = null;
        return;
      }
      if (event.type === 'focus') {
        focusByPress = t - pressedAt < 300;
        return;
      }
      if (event.type === 'pointerdown') {
        pressedAt = t;
        focusByPress = true;
      }
      // The panel moved under the pointer when what it saw changed while the pointer stood still on screen.
      if (
        last !== null &&
        event.screenX === last.screenX &&
        event.screenY === last.screenY &&
        (event.clientX !== last.clientX || event.clientY !== last.clientY)
      ) {
        movedAt = t;
        dwellSince = t;
      }
      if (dwellSince === null) dwellSince = t;
      last = event;
    },
    check(event) {
      if (!event.isTrusted) {
        return { counts: false, why: 'untrusted', message: words('clickUntrusted') };
      }
      const byKeyboard = event.type === 'keydown' || (event.type === 'click' && event.detail === 0);
      if (byKeyboard && !focusByPress) {
        return {
          counts: false,
          why: 'focus',
          message: words('clickFocus'),
        };
      }
      if (watch !== null && (visibleSince === null || now() - visibleSince < MIN_VISIBLE_MS)) {
        return {
          counts: false,
          why: 'notVisible',
          message: words('clickNotVisible'),
        };
      }
      if (!byKeyboard) {
        const t = now();
        if (t - movedAt < DWELL_MS) {
          return {
            counts: false,
            why: 'moved',
            message: words('clickMoved'),
          };
        }
        if (dwellSince === null || t - dwellSince < DWELL_MS) {
          return {
            counts: false,
            why: 'dwell',
            message: words('clickDwell'),
          };
        }
        // Last, so that a verdict of `rows` says every other check passed.
        if (layout?.movedWithin(DWELL_MS)) {
          return { counts: false, why: 'rows', message: words('clickRowsMoved') };
        }
      }
      return { counts: true };
    },
    dispose() {
      stop();
      layout?.stop();
    },
  };
}

/** Whether this browser reports real visibility (occlusion, opacity, transforms), not just geometry. */
export function hasVisibilityTracking(): boolean {
  return (
    typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype
  );
}

/** Watches `target` with IntersectionObserver v2, or returns null where the browser lacks it. */
export function intersectionWatch(target: Element): VisibilityWatch | null {
  if (!hasVisibilityTracking()) return null;
  return (onEntries) => {
    const observer = new IntersectionObserver((entries) => onEntries(entries), {
      threshold: [0, 1],
      // v2 options; the DOM typings do not know them yet.
      ...{ trackVisibility: true, delay: 100 },
    });
    observer.observe(target);
    return () => observer.disconnect();
  };
}
