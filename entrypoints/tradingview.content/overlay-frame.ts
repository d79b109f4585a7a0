import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CENTER_AREA } from '@/lib/chart/selectors';

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
/** The storage key of overlayPlacementItem (lib/storage/items.ts), read raw to keep this script tiny. */
const PLACEMENT_KEY = 'overlayPlacement';

interface Placement {
  right: number;
  top: number;
  collapsed: boolean;
  /** The overlay content's own height, as it last told us through the background. */
  height: number;
}

/**
 * Inside the chart area's top right, clear of the legend and the price scale, so it covers neither
 * TradingView's toolbars nor its watchlist. Nothing moves the frame yet, so a stored right/top is not used.
 */
function chartCorner(): Pick<Placement, 'right' | 'top'> {
  const box = document.querySelector(CENTER_AREA)?.getBoundingClientRect();
  if (!box || box.width < WIDTH + PRICE_SCALE_GAP + 40) return { right: DEFAULT_RIGHT, top: DEFAULT_TOP };
  return {
    right: Math.max(0, Math.round(window.innerWidth - box.right + PRICE_SCALE_GAP)),
    top: Math.max(0, Math.round(box.top + CHART_TOP_GAP)),
  };
}

/** The trader's collapse, saved by the overlay page per TradingView host (overlayPlacementItem). */
function readCollapsed(stored: unknown, host: string): boolean {
  if (typeof stored !== 'object' || stored === null) return false;
  const mine: unknown = (stored as Record<string, unknown>)[host];
  return typeof mine === 'object' && mine !== null && (mine as Record<string, unknown>).collapsed === true;
}

function set(el: HTMLElement, styles: Record<string, string>): void {
  // Inline !important beats any stylesheet the page adds, !important or not.
  for (const [name, value] of Object.entries(styles)) el.style.setProperty(name, value, 'important');
}

export function mountOverlayFrame(ctx: ContentScriptContext): { fit(height: number): void } {
  const host = location.hostname;
  const src = `${browser.runtime.getURL('/overlay.html')}?host=${encodeURIComponent(host)}`;
  let placement: Placement = { ...chartCorner(), collapsed: false, height: HEIGHT };

  const frameStyles = (): Record<string, string> => ({
    width: '100%',
    height: '100%',
    border: '0',
    display: 'block',
    opacity: '1',
    visibility: 'visible',
    'pointer-events': 'auto',
    'color-scheme': 'normal',
    background: 'transparent',
    transform: 'none',
    filter: 'none',
    'clip-path': 'none',
  });
  const wrapperStyles = (): Record<string, string> => {
    const height = placement.collapsed ? COLLAPSED_HEIGHT : placement.height;
    return {
      position: 'fixed',
      top: `${placement.top}px`,
      right: `${placement.right}px`,
      left: 'auto',
      bottom: 'auto',
      width: `${WIDTH}px`,
      height: `min(${height}px, calc(100vh - ${placement.top + 8}px))`,
      'z-index': Z_INDEX,
      display: 'block',
      opacity: '1',
      visibility: 'visible',
      transform: 'none',
      filter: 'none',
      'clip-path': 'none',
      overflow: 'hidden',
      'border-radius': '6px',
      'box-shadow': '0 4px 16px rgba(0,0,0,.25)',
      margin: '0',
      padding: '0',
    };
  };

  // A plain wrapper + iframe rather than WXT's createIframeUi: that helper brings an element-waiting
  // library (~2.5 kB gzip) this script does not need, and every style here is set by hand anyway.
  const wrapper = document.createElement('div');
  const iframe = document.createElement('iframe');
  iframe.src = src;
  iframe.title = 'Options Auto Trader';
  wrapper.append(iframe);
  const ui = {
    wrapper,
    iframe,
    mount() {
      set(wrapper, wrapperStyles());
      set(iframe, frameStyles());
      document.body.append(wrapper);
    },
  };
  ctx.onInvalidated(() => wrapper.remove());

  // Put back what the page changes on the frame or its wrapper: style, class, hidden, src.
  const restyle = () => {
    guard.disconnect();
    if (ui.iframe.getAttribute('src') !== src) ui.iframe.src = src;
    for (const el of [ui.wrapper, ui.iframe]) {
      el.removeAttribute('class');
      el.removeAttribute('hidden');
    }
    set(ui.wrapper, wrapperStyles());
    set(ui.iframe, frameStyles());
    watch();
  };
  const guard = new MutationObserver(restyle);
  const watch = () => {
    for (const el of [ui.wrapper, ui.iframe]) guard.observe(el, { attributes: true });
  };

  let mountedAt = 0;
  let reinsertTimer: ReturnType<typeof setTimeout> | undefined;
  const mount = () => {
    reinsertTimer = undefined;
    if (ctx.isInvalid || ui.wrapper.parentNode === document.body) return;
    mountedAt = Date.now();
    guard.disconnect();
    ui.mount();
    watch();
  };
  // The page removed or moved the frame: put it back, once per removal, never more than once a second.
  const keeper = new MutationObserver(() => {
    if (ui.wrapper.parentNode === document.body || reinsertTimer !== undefined) return;
    reinsertTimer = setTimeout(mount, Math.max(0, mountedAt + REINSERT_GAP_MS - Date.now()));
  });

  mount();
  keeper.observe(document.body, { childList: true });
  ctx.onInvalidated(() => {
    keeper.disconnect();
    guard.disconnect();
    if (reinsertTimer !== undefined) clearTimeout(reinsertTimer);
  });

  const apply = (stored: unknown) => {
    placement = { ...placement, collapsed: readCollapsed(stored, host) };
    restyle();
  };
  // The chart area moves when TradingView's panels open or close, and with the window.
  const replace = () => {
    const corner = chartCorner();
    if (corner.right === placement.right && corner.top === placement.top) return;
    placement = { ...placement, ...corner };
    restyle();
  };
  ctx.addEventListener(window, 'resize', replace);
  const center = document.querySelector(CENTER_AREA);
  if (center && typeof ResizeObserver === 'function') {
    const sizes = new ResizeObserver(replace);
    sizes.observe(center);
    ctx.onInvalidated(() => sizes.disconnect());
  }
  browser.storage.local.get(PLACEMENT_KEY).then(
    (all) => apply(all[PLACEMENT_KEY]),
    () => {},
  );
  // Storage events come from the extension only, so the trader's collapse (in the frame) resizes it here.
  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const change = changes[PLACEMENT_KEY];
    if (area === 'local' && change) apply(change.newValue);
  };
  browser.storage.onChanged.addListener(onStorage);
  ctx.onInvalidated(() => browser.storage.onChanged.removeListener(onStorage));

  return {
    /** Fit the frame to the overlay's content, so no empty panel covers the chart. */
    fit(height: number) {
      const next = Math.min(MAX_HEIGHT, Math.max(COLLAPSED_HEIGHT, Math.ceil(height)));
      if (next === placement.height) return;
      placement = { ...placement, height: next };
      restyle();
    },
  };
}
