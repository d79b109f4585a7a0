import type { Runtime } from 'webextension-polyfill';
import { type StatePush, VIEW_PORT, type ViewState } from '@/lib/messaging/protocol';
import { portMessage } from './messages';
import type { PnlReads } from './pnl-reads';
import type { Caller } from './sender';
import type { ViewReads } from './view-reads';

/** What the background needs of a view's port (a Runtime.Port; the tests and the bench pass fakes). */
export interface ViewPort {
  name: string;
  sender?: Runtime.MessageSender;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** A caller a view port may belong to. */
type ViewCaller = Extract<Caller, { kind: 'view' | 'overlay' }>;

export interface ViewPortsDeps {
  /**
   * Who opened the port, from the browser's sender fields and the frame key the overlay names its
   * port with (messages.ts `classify`); anyone but a view or the bound overlay is disconnected.
   */
  classify: (sender: Runtime.MessageSender, frameKey: string | undefined) => Promise<Caller>;
  viewState: () => Promise<ViewState>;
  /** One read for all views (service.refreshReads). */
  refreshReads: () => Promise<void>;
  viewReads: ViewReads;
  pnlReads: PnlReads;
  /** A bound overlay connected: send it its tab's chart. */
  onOverlay?: (tabId: number) => void;
}

/** Reports a port may hold before its sender is known: a view sends one, then one per change. */
const EARLY_MESSAGES = 8;

/**
 * The views' ports: the popup's, and each bound overlay frame's. A port counts only from the popup,
 * settings, or the overlay frame the tab's content script placed; it gets every state push, and says
 * over itself whether its view is on screen, which is what keeps open trades fresh (pnl-reads.ts).
 */
export function createViewPorts(deps: ViewPortsDeps) {
  const ports = new Set<ViewPort>();
  /** The chart tab of each port from a bound overlay frame (the popup's has none). */
  const overlayTabs = new Map<ViewPort, number>();

  function connect(port: ViewPort): Promise<void> {
    // Listen at once: the view says whether it is shown as soon as it connects, before its sender
    // has been classified (which may ask its tab), and an event nobody listens to is lost.
    let caller: ViewCaller | null | undefined;
    let closed = false;
    /** What the view last said of itself; undefined until it says. */
    let visible: boolean | undefined;
    const early: unknown[] = [];
    const heard = (message: unknown) => {
      const report = caller ? portMessage(message, caller.kind) : null;
      // Refused (a malformed report, or nothing a port carries): ignored, and the port stays.
      if (!report || closed) return;
      visible = report.visible;
      deps.pnlReads.shown(port, report.visible);
    };
    port.onMessage.addListener((message) => {
      if (caller === undefined) {
        if (early.length < EARLY_MESSAGES) early.push(message);
      } else heard(message);
    });
    port.onDisconnect.addListener(() => {
      closed = true;
      ports.delete(port);
      overlayTabs.delete(port);
      deps.pnlReads.gone(port);
    });

    return (async () => {
      // The overlay names its port `view:<frame key>`; the popup and settings plain `view`.
      const [name, key] = port.name.split(':');
      const who =
        name === VIEW_PORT && port.sender ? await deps.classify(port.sender, key).catch(() => null) : null;
      if (who === null || (who.kind !== 'view' && who.kind !== 'overlay')) {
        caller = null;
        port.disconnect();
        return;
      }
      caller = who;
      if (closed) return;
      ports.add(port);
      if (who.kind === 'overlay') overlayTabs.set(port, who.tabId);
      for (const message of early.splice(0)) heard(message);
      const state = await deps.viewState();
      if (closed) return;
      port.postMessage({ type: 'state', state } satisfies StatePush);
      if (who.kind === 'overlay') deps.onOverlay?.(who.tabId);
      // While a view is on screen the schedule keeps trades fresh, and a view that says it is hidden
      // needs none (the schedule reads the moment it comes on screen). Otherwise opening a view
      // reads only what is stale, and only a few times a minute per tab.
      if (deps.pnlReads.visible() || visible === false) return;
      if (deps.viewReads.take(who.kind === 'overlay' ? `tab:${who.tabId}` : 'views', state.tradesAt))
        void deps.refreshReads();
    })();
  }

  return {
    connect,
    /** Every open view's port, for state pushes. */
    ports,
    /** Ports of the bound overlay frame in this chart tab. */
    overlaysOf(tabId: number): ViewPort[] {
      return [...overlayTabs].filter(([, tab]) => tab === tabId).map(([port]) => port);
    },
  };
}

export type ViewPorts = ReturnType<typeof createViewPorts>;
