/**
 * When a view's layout last moved under the trader's pointer. A click lands where the pointer is,
 * not where the trader aimed a moment ago: when the live popup replaces its saved first draw (the
 * risk bar appears and every row moves down), or a new trade pushes the list, the button under a
 * pointer that did not move is another one, and an Enter aimed at a bot became the Exit of a trade.
 * A view asks `movedWithin` at click time and sends nothing while its layout is that fresh.
 */

/** How long after a move a click is not taken as aimed: about a person's reaction time and then some. */
export const LAYOUT_SETTLE_MS = 400;

export interface LayoutWatch {
  /** Whether rows or sections were added or removed, or the view changed size, in the last `ms`. */
  movedWithin(ms: number): boolean;
  stop(): void;
}

/**
 * Watches `root` for what moves buttons: elements added or removed anywhere in it, and its size (a
 * sentence that grows a line pushes what is below it). Text that changes in place (a P&L, a
 * countdown) moves nothing and is not watched. `sizes: false` where the root's size is the frame's
 * (the overlay: the content script resizes its frame to fit, which moves nothing inside it). Starting
 * counts as a move: what was under the pointer before the view drew is not what is there now.
 */
export function watchLayout(
  root: Element,
  now: () => number = () => performance.now(),
  { sizes: watchSizes = true }: { sizes?: boolean } = {},
): LayoutWatch {
  let movedAt = now();
  const moved = () => {
    movedAt = now();
  };
  const mutations = new MutationObserver((records) => {
    if (records.some((r) => r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].some(isElement)))
      moved();
  });
  mutations.observe(root, { childList: true, subtree: true });
  const sizes = watchSizes && typeof ResizeObserver === 'function' ? new ResizeObserver(moved) : null;
  sizes?.observe(root);
  return {
    movedWithin: (ms) => now() - movedAt < ms,
    stop() {
      mutations.disconnect();
      sizes?.disconnect();
    },
  };
}

const isElement = (node: Node) => node.nodeType === 1;
