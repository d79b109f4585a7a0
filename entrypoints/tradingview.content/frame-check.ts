import type { FrameProblem } from '@/lib/messaging/protocol';

/**
 * Is the overlay frame shown as we placed it, right now? The page may zoom, move, fade, filter, clip or
 * hide the frame or anything around it, or lay something over it, so the trader's click lands on a
 * panel they cannot see or did not aim at. IntersectionObserver v2 misses CSS zoom and 2D moves, and
 * Firefox has no v2 at all: this check is made in the page itself, at click time (the background's
 * re-read), and any doubt means the order is not sent.
 */

/** A frame placed, moved or touched by the page less than this long ago may have slid under the pointer. */
export const SETTLE_MS = 400;

export interface FrameCheckInput {
  iframe: HTMLIFrameElement;
  /** The width we gave the frame, in CSS px. */
  width: number;
  /** When the frame last moved (our own placement) or the page last touched it (ms epoch). */
  disturbedAt: number;
  now: number;
}

/** Each computed property that must keep its plain value, and what it means when it does not. */
const PLAIN: [string, string, FrameProblem][] = [
  ['zoom', '1', 'zoom'],
  ['transform', 'none', 'transform'],
  ['translate', 'none', 'transform'],
  ['rotate', 'none', 'transform'],
  ['scale', 'none', 'transform'],
  ['perspective', 'none', 'transform'],
  ['filter', 'none', 'filter'],
  ['mix-blend-mode', 'normal', 'filter'],
  ['clip-path', 'none', 'clip'],
  ['mask-image', 'none', 'clip'],
  ['clip', 'auto', 'clip'],
  ['visibility', 'visible', 'hidden'],
  ['content-visibility', 'visible', 'hidden'],
];

/** Styles of one element that would make it (and what it holds) look other than it is. */
export function styleProblem(style: {
  getPropertyValue(name: string): string;
  opacity: string;
  display: string;
}): FrameProblem | null {
  // A property the browser does not know reads as '': nothing to distort with.
  for (const [name, plain, problem] of PLAIN) {
    const value = style.getPropertyValue(name).trim();
    if (value !== '' && value !== plain && !(name === 'zoom' && (value === 'normal' || value === '100%')))
      return problem;
  }
  if (Number(style.opacity) < 1) return 'opacity';
  if (style.display === 'none') return 'hidden';
  return null;
}

/** Points inside a box to test for anything over the frame: the center, the corners, the edges' middles. */
export function samplePoints(box: { left: number; top: number; width: number; height: number }) {
  const inset = 3;
  const xs = [box.left + inset, box.left + box.width / 2, box.left + box.width - inset];
  const ys = [box.top + inset, box.top + box.height / 2, box.top + box.height - inset];
  return xs.flatMap((x) => ys.map((y) => ({ x, y })));
}

export function frameProblem({ iframe, width, disturbedAt, now }: FrameCheckInput): FrameProblem | null {
  if (!iframe.isConnected) return 'missing';
  if (now - disturbedAt < SETTLE_MS || disturbedAt > now) return 'moved';
  for (let el: Element | null = iframe; el !== null; el = el.parentElement) {
    const problem = styleProblem(getComputedStyle(el));
    if (problem) return problem;
  }
  // Zoom inherited from anywhere shows as a narrower frame than we made it.
  const box = iframe.getBoundingClientRect();
  const effectiveZoom = (iframe as { currentCSSZoom?: number }).currentCSSZoom;
  if (Math.abs(box.width - width) > 1 || (effectiveZoom !== undefined && effectiveZoom !== 1)) return 'zoom';
  const view = document.documentElement;
  if (box.top < 0 || box.left < 0 || box.bottom > view.clientHeight + 1 || box.right > view.clientWidth + 1)
    return 'offscreen';
  for (const { x, y } of samplePoints(box)) {
    if (document.elementFromPoint(x, y) !== iframe) return 'covered';
  }
  // The top layer is above everything, ours included: another popover or modal over the frame covers it.
  for (const other of document.querySelectorAll(':popover-open, dialog:modal, :fullscreen')) {
    if (other.contains(iframe)) continue;
    const r = other.getBoundingClientRect();
    if (r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom)
      return 'covered';
  }
  return null;
}
