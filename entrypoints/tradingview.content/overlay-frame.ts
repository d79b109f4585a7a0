import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CENTER_AREA, HEADER_SYMBOL } from '@/lib/chart/selectors';
import type { FrameProblem, OverlayMoveMessage, Request } from '@/lib/messaging/protocol';
import { words } from '../../lib/words';
import { frameProblem } from './frame-check';

/**
 * The overlay frame on the chart page. The page is not ours and may be hostile: it can restyle, move,
 * remove or re-point the frame. It can never reach inside it (another origin), so the defence here is
 * keeping the frame where and what it should be; whether a click on it counts is decided inside the
 * frame (entrypoints/overlay/click-guard.ts). No window message is ever listened to: the page could
 * forge any of them.
 */

const WIDTH = 300;
/** Until the overlay says how tall its content is. */
const HEIGHT = 240;
/** However much the overlay lists, the frame stays a panel, not a page: it scrolls inside. */
const MAX_HEIGHT = 560;
/** Height when the trader collapsed the overlay: its title bar only, so it does not block the chart. */
const COLLAPSED_HEIGHT = 44;
/** Where the frame goes when the chart area can't be found: below the header, left of the right toolbar. */
const DEFAULT_TOP = 90;
const DEFAULT_RIGHT = 60;
/** Kept clear inside the chart area: the legend above, the price scale to the right. */
const CHART_TOP_GAP = 40;
const PRICE_SCALE_GAP = 72;
/** Above TradingView's own popups, below the browser's maximum so nothing can stack on the wrapper itself. */
const Z_INDEX = '2147483000';
/** A page that keeps removing the frame gets it back at most this often. */
const REINSERT_GAP_MS = 1000;
/** Kept free below the frame, as the wrapper's own height rule does. */
const BOTTOM_GAP = 8;
/** A length in CSS pixels. */
const px = (n: number): string => `${n}px`;

/** Where the frame sits: px from the window's right edge and top. */
export interface Spot {
  right: number;
  top: number;
}

/** What a spot must fit in: the window, the frame's size, and the lowest edge of TradingView's header. */
export interface SpotBounds {
  viewWidth: number;
  viewHeight: number;
  width: number;
  height: number;
  /** Nothing may sit above this: TradingView's header toolbar ends here. */
  minTop: number;
}

/**
 * The nearest spot to `spot` where the whole frame is on screen and below TradingView's header.
 * When the window is too small for both, the header wins (the frame then scrolls inside).
 */
export function clampSpot(spot: Spot, bounds: SpotBounds): Spot {
  const right = Math.min(Math.max(0, spot.right), Math.max(0, bounds.viewWidth - bounds.width));
  const top = Math.max(bounds.minTop, Math.min(spot.top, bounds.viewHeight - bounds.height));
  return { right: Math.round(right), top: Math.round(top) };
}

/**
 * Inside the chart area's top right, clear of the legend and the price scale, so it covers neither
 * TradingView's toolbars nor its watchlist. Used until the trader drags the frame somewhere on this site.
 */
function chartCorner(): Spot {
  const box = document.querySelector(CENTER_AREA)?.getBoundingClientRect();
  if (!box || box.width < WIDTH + PRICE_SCALE_GAP + 40) return { right: DEFAULT_RIGHT, top: DEFAULT_TOP };
  return {
    right: Math.max(0, Math.round(window.innerWidth - box.right + PRICE_SCALE_GAP)),
    top: Math.max(0, Math.round(box.top + CHART_TOP_GAP)),
  };
}

/** Below TradingView's header: the symbol button's bottom, or the chart area's top, whichever is lower. */
function headerBottom(): number {
  const symbol = document.querySelector(HEADER_SYMBOL)?.getBoundingClientRect().bottom ?? 0;
  const chart = document.querySelector(CENTER_AREA)?.getBoundingClientRect().top ?? 0;
  return Math.max(0, Math.ceil(Math.max(symbol, chart)));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...(value as Record<string, unknown>) } : {};
}

/**
 * This host's entry of overlayPlacementItem: the overlay page saves `collapsed`, this script saves
 * `right`/`top` once the trader has dragged the frame (absent until then, and after a reset).
 */
export function readPlacement(stored: unknown, host: string): { collapsed: boolean; spot: Spot | null } {
  const mine = record(record(stored)[host]);
  const { right, top } = mine;
  const spot =
    typeof right === 'number' && Number.isFinite(right) && typeof top === 'number' && Number.isFinite(top)
      ? { right, top }
      : null;
  return { collapsed: mine.collapsed === true, spot };
}

/** `stored` with this host's spot replaced (or removed), every other field and host kept. */
export function withSpot(stored: unknown, host: string, spot: Spot | null): Record<string, unknown> {
  const all = record(stored);
  const { right: _right, top: _top, ...rest } = record(all[host]);
  all[host] = spot === null ? rest : { ...rest, right: spot.right, top: spot.top };
  return all;
}

function set(el: HTMLElement, styles: Record<string, string>): void {
  // Inline !important beats any stylesheet the page adds, !important or not.
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

export interface OverlayFrame {
  /** Fit the frame to the overlay's content, so no empty panel covers the chart. */
  fit(height: number): void;
  /** The trader moves the panel (from the overlay page, through the background); saved when let go. */
  move(message: OverlayMoveMessage): void;
  /** Back to the chart's corner, and forget the saved spot. */
  reset(): void;
  /**
   * The stored placement changed (the trader collapsed the overlay, here or in another tab), pushed by
   * the background: storage change events are not listened to here, the secret's area sends them.
   * A spot saved from another tab is not followed: the frame moves only under this tab's trader's hand.
   */
  placement(stored: unknown): void;
  /** The frame we made (for the background to bind) and what the page does to it now. */
  check(): FrameClaim & { frameProblem: FrameProblem | null };
}

/**
 * How the background knows our frame: its frameId where the browser tells a content script
 * (`runtime.getFrameId`, Firefox), and in every browser a fresh random key handed to that frame's
 * window alone (postMessage to it), which the overlay presents with each message. The page never sees
 * the key: it is made in this isolated world and never written to the DOM.
 */
export interface FrameClaim {
  frameId: number | null;
  frameKey: string;
}

/** The frameId the browser gives a frame element's window; null where the browser cannot say (Chrome). */
function frameIdOf(iframe: HTMLIFrameElement): number | null {
  try {
    const id = (browser.runtime as unknown as { getFrameId?(el: Element): number }).getFrameId?.(iframe);
    return typeof id === 'number' && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/** `onFrame`: the frame was (re)created; tell the background which frame is ours. */
export function mountOverlayFrame(
  ctx: ContentScriptContext,
  onFrame: (claim: FrameClaim) => void,
): OverlayFrame {
  const host = location.hostname;
  const src = `${browser.runtime.getURL('/overlay.html')}?host=${encodeURIComponent(host)}`;
  // Chrome's per-session URL (use_dynamic_url) loads the page under the extension's own id: the key is
  // posted to that origin only, so it never reaches anything else the frame might hold.
  const ownOrigin = src.startsWith('chrome-extension:')
    ? `chrome-extension://${browser.runtime.id}`
    : new URL(src).origin;
  let collapsed = false;
  /** The overlay content's own height, as it last told us through the background. */
  let contentHeight = HEIGHT;
  /** Where the trader put the frame on this site; null: the chart's corner. */
  let chosen: Spot | null = null;
  /** The drag under way: where the frame stood and the pointer was (on screen) when it began. */
  let drag: { from: Spot; fromX: number; fromY: number; moved: boolean } | null = null;
  /** The last drag that ended, by where it began: a late message about it must not start another. */
  let ended = '';
  const frameHeight = () => (collapsed ? COLLAPSED_HEIGHT : contentHeight);
  // The trader's spot is kept as chosen; what shows is it squeezed into the window as it is now, so a
  // smaller window or a taller panel moves the frame only until there is room again.
  const spotNow = (): Spot =>
    clampSpot(chosen ?? chartCorner(), {
      viewWidth: window.innerWidth,
      viewHeight: window.innerHeight,
      width: WIDTH,
      height: frameHeight() + BOTTOM_GAP,
      minTop: headerBottom(),
    });
  let shown = spotNow();

  /** Whatever the page does to hide, fade or distort the frame or its wrapper is undone with these. */
  const plain = {
    display: 'block',
    opacity: '1',
    visibility: 'visible',
    transform: 'none',
    filter: 'none',
    'clip-path': 'none',
    zoom: '1',
    translate: 'none',
    rotate: 'none',
    scale: 'none',
    'mix-blend-mode': 'normal',
    'mask-image': 'none',
  };
  const frameStyles = (): Record<string, string> => ({
    ...plain,
    width: '100%',
    height: '100%',
    border: '0',
    'pointer-events': 'auto',
    'color-scheme': 'normal',
    background: 'transparent',
  });
  const wrapperStyles = (): Record<string, string> => {
    return {
      position: 'fixed',
      top: px(shown.top),
      right: px(shown.right),
      left: 'auto',
      bottom: 'auto',
      width: px(WIDTH),
      height: `min(${px(frameHeight())}, calc(100vh - ${px(shown.top + BOTTOM_GAP)}))`,
      'z-index': Z_INDEX,
      ...plain,
      overflow: 'hidden',
      'border-radius': '6px',
      'box-shadow': '0 4px 16px rgba(0,0,0,.25)',
      margin: '0',
      padding: '0',
      border: '0',
      background: 'transparent',
    };
  };

  // A plain wrapper + iframe rather than WXT's createIframeUi: that helper brings an element-waiting
  // library (~2.5 kB gzip) this script does not need, and every style here is set by hand anyway.
  const wrapper = document.createElement('div');
  const iframe = document.createElement('iframe');
  iframe.src = src;
  iframe.title = words('frameTitle');
  wrapper.append(iframe);
  ctx.onInvalidated(() => wrapper.remove());
  /** When the frame last moved, or the page last touched it: a click just after may not be the trader's aim. */
  let disturbedAt = Date.now();
  let frameId: number | null = null;
  let frameKey = crypto.randomUUID();
  const reportFrame = () => {
    frameId = frameIdOf(iframe);
    onFrame({ frameId, frameKey });
  };
  iframe.addEventListener('load', () => {
    reportFrame();
    // To this frame's window only, and only if it holds our page: nobody else can read it.
    iframe.contentWindow?.postMessage({ oatFrameKey: frameKey }, ownOrigin);
  });
  // In the top layer, above anything the page stacks with z-index, and out of reach of its ancestors'
  // opacity, filters and transforms; the page can only put its own top-layer element over it, which the
  // click-time check sees.
  const toTop = () => {
    try {
      if (!wrapper.hasAttribute('popover')) wrapper.setAttribute('popover', 'manual');
      if (wrapper.isConnected && !wrapper.matches(':popover-open')) wrapper.showPopover();
    } catch {
      // A browser without popovers keeps the fixed wrapper and its z-index.
    }
  };
  wrapper.addEventListener('toggle', () => {
    if (!wrapper.matches(':popover-open')) {
      disturbedAt = Date.now();
      toTop();
    }
  });

  // Put back what the page changes on the frame or its wrapper: style, class, hidden, src.
  const restyle = () => {
    guard.disconnect();
    toTop();
    if (iframe.getAttribute('src') !== src) iframe.src = src;
    for (const el of [wrapper, iframe]) {
      el.removeAttribute('class');
      el.removeAttribute('hidden');
    }
    set(wrapper, wrapperStyles());
    set(iframe, frameStyles());
    watch();
  };
  const guard = new MutationObserver(() => {
    // Our own changes are made with the observer off: anything seen here is the page's doing.
    disturbedAt = Date.now();
    restyle();
  });
  const watch = () => {
    for (const el of [wrapper, iframe]) guard.observe(el, { attributes: true });
  };

  let mountedAt = 0;
  let reinsertTimer: ReturnType<typeof setTimeout> | undefined;
  const mount = () => {
    reinsertTimer = undefined;
    if (ctx.isInvalid || wrapper.parentNode === document.body) return;
    mountedAt = Date.now();
    disturbedAt = mountedAt;
    guard.disconnect();
    set(wrapper, wrapperStyles());
    set(iframe, frameStyles());
    document.body.append(wrapper);
    toTop();
    // A new frame element is a new frame: the background binds the tab to it, and to it only.
    frameKey = crypto.randomUUID();
    reportFrame();
    watch();
  };
  // The page removed or moved the frame: put it back, once per removal, never more than once a second.
  const keeper = new MutationObserver(() => {
    if (wrapper.parentNode === document.body || reinsertTimer !== undefined) return;
    reinsertTimer = setTimeout(mount, Math.max(0, mountedAt + REINSERT_GAP_MS - Date.now()));
  });

  mount();
  keeper.observe(document.body, { childList: true });
  ctx.onInvalidated(() => {
    keeper.disconnect();
    guard.disconnect();
    if (reinsertTimer !== undefined) clearTimeout(reinsertTimer);
    unfollow();
  });

  // The chart area moves when TradingView's panels open or close, and with the window; the frame
  // grows and shrinks with its content. Any of them may move it, to keep it whole on screen.
  const replace = () => {
    const next = spotNow();
    if (next.right === shown.right && next.top === shown.top) return;
    shown = next;
    disturbedAt = Date.now();
    restyle();
  };
  const apply = (stored: unknown) => {
    collapsed = readPlacement(stored, host).collapsed;
    shown = spotNow();
    restyle();
  };

  // The background keeps the spot, for this tab's host (it takes the host from the sender, not from us):
  // storage is closed to content scripts, and the secret lives there.
  const save = (spot: Spot | null) => {
    const message: Request = { type: 'placement.save', spot };
    browser.runtime.sendMessage(message).catch(() => {});
  };
  const place = (from: Spot, dx: number, dy: number) => {
    // A press on the bar that never moves leaves the frame in the chart's corner, following it.
    if (drag) {
      if (!(dx || dy || drag.moved)) return;
      drag.moved = true;
    }
    chosen = { right: from.right - dx, top: from.top + dy };
    // Kept as clamped: dragging past an edge and back moves the frame at once, with no dead zone.
    chosen = shown = spotNow();
    disturbedAt = Date.now();
    restyle();
  };
  const drop = () => {
    if (drag === null) return;
    ended = `${drag.fromX},${drag.fromY}`;
    const { moved } = drag;
    drag = null;
    unfollow();
    if (moved) save(chosen);
  };
  // Chrome gives the frame no pointer events once the pointer leaves it, so a drag begun in the frame
  // follows the pointer here until it is let go. Trusted events only, and only during a drag the overlay
  // began: the page can neither start a move nor forge one, at most swallow the events (then the drag
  // waits for the pointer to come back over the frame).
  const follow = (event: PointerEvent) => {
    if (!event.isTrusted || drag === null) return;
    const held = (event.buttons & 1) === 1;
    if (held || event.type === 'pointerup') {
      place(drag.from, Math.round(event.screenX) - drag.fromX, Math.round(event.screenY) - drag.fromY);
    }
    if (!held) drop();
  };
  const FOLLOWED = ['pointermove', 'pointerup'] as const;
  const unfollow = () => {
    for (const type of FOLLOWED) removeEventListener(type, follow, true);
  };
  ctx.addEventListener(window, 'resize', replace);
  const center = document.querySelector(CENTER_AREA);
  if (center && typeof ResizeObserver === 'function') {
    const sizes = new ResizeObserver(replace);
    sizes.observe(center);
    ctx.onInvalidated(() => sizes.disconnect());
  }
  const asked: Request = { type: 'placement.get' };
  browser.runtime.sendMessage(asked).then(
    (envelope: { ok?: boolean; value?: unknown } | undefined) => {
      if (envelope?.ok !== true) return;
      // A drag that began before the background answered is newer than the spot stored.
      if (drag === null && chosen === null) chosen = readPlacement(envelope.value, host).spot;
      apply(envelope.value);
    },
    () => {},
  );

  return {
    fit(height) {
      const next = Math.min(MAX_HEIGHT, Math.max(COLLAPSED_HEIGHT, Math.ceil(height)));
      if (next === contentHeight) return;
      contentHeight = next;
      const before = shown;
      shown = spotNow();
      // A taller panel near the window's bottom is moved up to stay whole: what was under the pointer
      // is not any more, so a click just after may not be the trader's aim.
      if (shown.top !== before.top || shown.right !== before.right) disturbedAt = Date.now();
      restyle();
    },
    move({ phase, dx, dy, fromX, fromY }) {
      if (phase === 'step') {
        drop();
        place(shown, dx, dy);
        save(chosen);
        return;
      }
      const name = `${fromX},${fromY}`;
      if (phase === 'start' || (drag === null && name !== ended)) {
        drop();
        drag = { from: shown, fromX, fromY, moved: false };
        for (const type of FOLLOWED) addEventListener(type, follow, true);
      }
      if (drag === null || name !== `${drag.fromX},${drag.fromY}`) return;
      place(drag.from, dx, dy);
      if (phase === 'end') drop();
    },
    placement: apply,
    reset() {
      drop();
      chosen = null;
      save(null);
      shown = spotNow();
      disturbedAt = Date.now();
      restyle();
    },
    check() {
      if (frameId === null) frameId = frameIdOf(iframe);
      return {
        frameId,
        frameKey,
        frameProblem: frameProblem({ iframe, width: WIDTH, disturbedAt, now: Date.now() }),
      };
    },
  };
}
