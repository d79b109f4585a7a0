/**
 * The panel in the frame the content script sizes for it. The overlay says how tall it wants to be;
 * the content script caps that (MAX_HEIGHT, and the room left in the window below the frame's top),
 * so the frame can end up shorter than the panel. Then the panel's own scroll boxes (the ticket, a
 * confirmation's request body) give up the difference, so the panel's document never scrolls: Chromium's
 * visibility tracking, the click guard's proof, stops vouching for a scrolled document, and a page whose
 * Send sits below the frame's box is one a trader cannot click (Firefox, with its extra "cannot prove
 * the panel is visible" line, overflowed the 560 px cap by a few px with the ticket open).
 */

/** Boxes that scroll inside the panel, and the height each keeps when the frame has room (see overlay.css). */
export const SCROLL_BOXES: readonly (readonly [selector: string, natural: number])[] = [
  ['.ticket-host', 400],
  ['.confirm-host .ct-request__body', 150],
];

/** However short the window, a scroll box keeps this much: a few lines of the ticket stay readable. */
export const MIN_SCROLL_BOX = 96;

export interface ScrollBoxMeasure {
  /** Its visible height now (clientHeight), under whatever limit it has now. */
  client: number;
  /** Its content's height (scrollHeight). */
  content: number;
  /** The most it may show when there is room. */
  natural: number;
}

export interface PanelFit {
  /** How tall the panel wants its frame: its height with every scroll box at its natural size. */
  wanted: number;
  /** The max-height for each scroll box, in order, so the panel fits `room`. */
  limits: number[];
}

/**
 * `panel`: the panel's height now; `room`: the frame's height now (the overlay window's innerHeight).
 * What the panel wants does not depend on the limits set here, so a limit never feeds back into the
 * frame's size: the frame grows to what the panel wants (up to its caps) and the boxes fill the rest.
 */
export function fitPanel(panel: number, room: number, boxes: readonly ScrollBoxMeasure[]): PanelFit {
  const full = boxes.map((b) => Math.min(b.natural, b.content));
  const wanted = Math.ceil(panel + boxes.reduce((sum, b, i) => sum + ((full[i] ?? 0) - b.client), 0));
  let over = Math.max(0, wanted - Math.floor(room));
  // The last box gives first: the ticket is above the confirmation's body in no view, and a single box
  // is the common case.
  const limits = [...full];
  for (let i = limits.length - 1; i >= 0 && over > 0; i--) {
    const keep = Math.min(limits[i] ?? 0, MIN_SCROLL_BOX);
    const give = Math.min(over, (limits[i] ?? 0) - keep);
    limits[i] = (limits[i] ?? 0) - give;
    over -= give;
  }
  return {
    wanted,
    limits: boxes.map((b, i) => Math.max(MIN_SCROLL_BOX, Math.min(b.natural, limits[i] ?? 0))),
  };
}

/**
 * Keeps the panel in `root` fitted to its frame: tells `tell` the height it wants whenever that
 * changes (and again after a failed telling), and limits the scroll boxes to the frame's room.
 */
export function fitToFrame(root: HTMLElement, tell: (height: number) => Promise<unknown>): () => void {
  let told = 0;
  const watched = new Set<Element>();
  const sizes = new ResizeObserver(() => update());
  const update = () => {
    const found = SCROLL_BOXES.flatMap(([selector, natural]) =>
      [...root.querySelectorAll<HTMLElement>(selector)].map((el) => ({ el, natural })),
    );
    for (const gone of watched) {
      if (!gone.isConnected) {
        sizes.unobserve(gone);
        watched.delete(gone);
      }
    }
    // A box's content can change height under a box that is already at its limit: watch it too.
    for (const { el } of found) {
      for (const inner of [el, ...el.children]) {
        if (!watched.has(inner)) {
          watched.add(inner);
          sizes.observe(inner);
        }
      }
    }
    const fit = fitPanel(
      root.getBoundingClientRect().height,
      window.innerHeight,
      found.map(({ el, natural }) => ({ client: el.clientHeight, content: el.scrollHeight, natural })),
    );
    found.forEach(({ el }, i) => {
      const limit = `${fit.limits[i]}px`;
      if (el.style.maxHeight !== limit) el.style.maxHeight = limit;
    });
    if (fit.wanted === told || fit.wanted === 0) return;
    told = fit.wanted;
    // The background may not know this frame yet (its key is on the way): tell again on the next change.
    tell(fit.wanted).catch(() => {
      told = 0;
    });
  };
  sizes.observe(root);
  // The frame itself changed size (the content script fitted or capped it): the boxes take the room.
  addEventListener('resize', update);
  return () => {
    sizes.disconnect();
    removeEventListener('resize', update);
  };
}
