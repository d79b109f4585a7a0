/**
 * Decides whether a click on the overlay counts. The overlay lives in an iframe on a page we do not
 * trust: that page can forge events, hide or cover the frame, or slide it under the pointer just before
 * a click. A click counts only if the browser says a person made it (`isTrusted`) and, where the browser
 * can tell (IntersectionObserver v2), the frame has been fully visible and uncovered for a while.
 * Where it cannot tell (Firefox), every order goes through a confirmation step instead.
 */

/** How long the frame must have been fully visible, uncovered, before a click counts. */
export const MIN_VISIBLE_MS = 500;
/** A confirmation opened less than this long ago ignores clicks: a double click cannot confirm. */
export const CONFIRM_ARM_MS = 500;

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
}

export type ClickVerdict =
  | { counts: true }
  | { counts: false; why: 'untrusted' | 'notVisible'; message: string };

export interface ClickGuard {
  /** Whether this click may act. */
  check(event: { isTrusted: boolean }): ClickVerdict;
  /** True where visibility cannot be proven: every order must be confirmed, Paper included. */
  readonly needsConfirmation: boolean;
  dispose(): void;
}

/** Rounding in the browser's geometry can leave a fully shown frame a hair under 1. */
const FULL = 0.999;

export function createClickGuard({ now, watch }: ClickGuardOptions): ClickGuard {
  let visibleSince: number | null = null;
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
    check(event) {
      if (!event.isTrusted) {
        return { counts: false, why: 'untrusted', message: 'Ignored a click the page made, not you.' };
      }
      if (watch !== null && (visibleSince === null || now() - visibleSince < MIN_VISIBLE_MS)) {
        return {
          counts: false,
          why: 'notVisible',
          message: 'Ignored: the panel was hidden or covered a moment ago. Click again.',
        };
      }
      return { counts: true };
    },
    dispose: stop,
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
