import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { redactSecret } from '@/lib/api/redact';
import type { BotId } from '@/lib/api/types';
import type { SiteId } from '@/lib/chart/sites/types';
import { applySymbolMap } from '@/lib/chart/underlying';
import {
  FRAME_KEY_FIELD,
  NOT_OUR_FRAME,
  type OverlayFitMessage,
  type OverlayMoveMessage,
  type OverlayResetMessage,
  type ReplyMap,
  type Request,
  type RequestType,
  ROUTES,
  type SenderKind,
  type VisibilityReport,
} from '@/lib/messaging/protocol';
import { frameKeySchema, requestSchema } from '@/lib/messaging/schemas';
import { words } from '@/lib/words';
import { readActiveChart } from './active-chart';
import type { ChartTabs } from './chart-tabs';
import { placements } from './placement';
import { type Caller, identify, orderSource, senderKind, TRADINGVIEW_ONLY } from './sender';
import type { Service } from './service';

export type Envelope = { ok: true; value: unknown } | { ok: false; error: string };

export interface RouterDeps {
  service: Service;
  chartTabs: ChartTabs;
  now: () => number;
  /** A chart tab reported a new symbol: tell that tab's overlay. */
  onChartReport: (tabId: number) => void;
  /** The secret in use, to scrub any error text before it leaves the background. */
  secret: () => Promise<string | undefined>;
  /** Start-up work every answer must come after (the journal settling orders cut off by a stop). */
  ready?: Promise<unknown>;
  /** The charting sites switched on now (entrypoints/background/chart-sites.ts); TradingView alone by default. */
  enabledSites?: () => Promise<ReadonlySet<SiteId>>;
}

/** A caller some route accepts, with the route table's name for it. */
type Known = Extract<Caller, { kind: 'view' | 'overlay' | 'content' | 'confirm' }>;
type Handler<T extends RequestType> = (
  request: Extract<Request, { type: T }>,
  caller: Known,
) => Promise<ReplyMap[T]>;

/**
 * Who is asking, from the sender alone. An overlay.html in a chart tab whose frame the background
 * does not know yet (a worker that just started) is classified again after asking that tab.
 */
export async function classify(
  sender: Runtime.MessageSender,
  chartTabs: ChartTabs,
  frameKey?: string,
  enabled: ReadonlySet<SiteId> = TRADINGVIEW_ONLY,
): Promise<Caller> {
  const first = identify(sender, (tabId) => chartTabs.frameOf(tabId), frameKey, enabled);
  if (first.kind !== 'strayOverlay' || first.tabId === null || chartTabs.frameOf(first.tabId) !== undefined)
    return first;
  await chartTabs.reread(first.tabId);
  return identify(sender, (tabId) => chartTabs.frameOf(tabId), frameKey, enabled);
}

/**
 * A message a view sent on its port, parsed and routed as every message is: the port carries only
 * visibility reports, from a caller that report's route names (the port's sender was classified when
 * it connected). Anything else is refused as null, never thrown: a port listener must not crash.
 */
export function portMessage(message: unknown, kind: SenderKind): VisibilityReport | null {
  try {
    const parsed = requestSchema.safeParse(message);
    if (!parsed.success || parsed.data.type !== 'view.visibility') return null;
    return ROUTES['view.visibility'].includes(kind) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The frame key an overlay page sent beside its message (read before parsing strips it). */
export function frameKeyOf(message: unknown): string | undefined {
  const key = (message as Record<string, unknown> | null)?.[FRAME_KEY_FIELD];
  return typeof key === 'string' && frameKeySchema.safeParse(key).success ? key : undefined;
}

/**
 * Every message from every context comes through here: parsed with zod, its sender classified by the
 * browser's sender fields, checked against the route table (lib/messaging/protocol.ts ROUTES), then
 * handed to the service. A type or sender without a route is refused.
 */
export function createRouter(deps: RouterDeps) {
  const { service, chartTabs } = deps;

  const toFrame = async (
    tabId: number,
    message: OverlayFitMessage | OverlayMoveMessage | OverlayResetMessage,
  ) => {
    await browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined);
    return null;
  };
  const chartTab = (caller: Known): number | null =>
    caller.kind === 'overlay' || caller.kind === 'content' ? caller.tabId : null;

  const handlers: { [T in RequestType]: Handler<T> } = {
    'state.get': () => service.viewState(),
    'reads.refresh': async () => {
      await service.refreshReads(true);
      return service.viewState();
    },
    'order.place': (request, caller) => service.placeOrder(orderOf(request, caller)),
    'order.check': (request, caller) => service.checkOrder(orderOf(request, caller)),
    'notices.dismiss': async () => {
      await service.dismissNotices();
      return service.viewState();
    },
    'journal.list': () => service.journal.list(),
    'journal.export': (request) => service.exportJournal(request.format),
    'connection.test': (request) => service.testConnection(request.secret),
    'connection.setMode': async (request) => {
      await service.setMode(request.mode);
      return service.viewState();
    },
    'connection.saveSecret': async (request) => {
      await service.saveSecret(request.secret, request.sessionOnly);
      return service.viewState();
    },
    'connection.forgetSecret': async () => {
      await service.forgetSecret();
      return service.viewState();
    },
    'settings.update': async (request) => {
      const { defaultBot, botBySymbol, ...rest } = request.patch;
      await service.updateSettings({
        ...rest,
        ...(defaultBot !== undefined ? { defaultBot: defaultBot as BotId | null } : {}),
        ...(botBySymbol !== undefined ? { botBySymbol: botBySymbol as Record<string, BotId> } : {}),
      });
      return service.viewState();
    },
    'risk.pause': async (request) => {
      await service.risk.setPaused(request.on, 'trader', request.confirmed);
      return service.viewState();
    },
    'risk.save': (request) => service.risk.saveRules(request.patch),
    'flatten.plan': () => service.flatten.plan(),
    // Closing every bot is confirmed in the popup, which no web page can frame (only the overlay is web-accessible).
    'flatten.run': (request, caller) => {
      if (caller.kind !== 'view' || caller.page !== 'popup.html') {
        throw new Error(words('bgRefusedFlatten'));
      }
      return service.flatten.run(request.bots.map((b) => b as BotId));
    },
    'budget.clearBlock': async () => {
      await service.clearBlock();
      return service.viewState();
    },
    'bindings.set': async (request) => {
      await service.setBinding(request.bot, request.binding);
      return service.viewState();
    },
    // The overlay's own tab only (the route table admits the bound overlay frame alone): the ticket
    // starts from the price its chart shows.
    'chart.quote': (_request, caller) =>
      caller.kind === 'overlay'
        ? chartTabs.quote(caller.tabId)
        : Promise.resolve({ ticker: null, price: null }),
    // The toolbar popup alone (the settings page is a tab of its own: its active tab is itself); its
    // ticket starts from the active tab's chart, read now by the overlay's rules.
    'chart.active': (_request, caller) => {
      if (caller.kind !== 'view' || caller.page !== 'popup.html')
        throw new Error(words('bgRefusedActiveChart'));
      return readActiveChart({ chartTabs, settings: () => service.settings() });
    },
    // The content script keeps the overlay's place through the background; the site is the sender's.
    'placement.get': async (_request, caller) =>
      caller.kind === 'content' ? placements.forHost(caller.url.hostname) : {},
    'placement.save': async (request, caller) => {
      if (caller.kind === 'content') await placements.save(caller.url.hostname, request.spot);
      return null;
    },
    'chart.current': async (_request, caller) => {
      const tabId = chartTab(caller);
      if (tabId === null) return null;
      const report = chartTabs.known(tabId) ?? (await chartTabs.reread(tabId))?.report;
      if (!report) return null;
      const settings = await service.settings();
      return applySymbolMap(report, settings.symbolMap);
    },
    // Only the overlay in its own frame sizes or moves that tab's frame; rebuilt field by field, so
    // the content script gets exactly what was checked, nothing more.
    'overlay.fit': (request, caller) =>
      toFrame(caller.tabId ?? -1, { type: 'overlay.fit', height: request.height }),
    'overlay.move': (request, caller) =>
      toFrame(caller.tabId ?? -1, {
        type: 'overlay.move',
        phase: request.phase,
        dx: request.dx,
        dy: request.dy,
        fromX: request.fromX,
        fromY: request.fromY,
      }),
    'overlay.reset': (_request, caller) => toFrame(caller.tabId ?? -1, { type: 'overlay.reset' }),
    'chart.report': async (request, caller) => {
      if (caller.kind === 'content' && chartTabs.set(caller.tabId, request.report, caller.site))
        deps.onChartReport(caller.tabId);
      return null;
    },
    'chart.confirm': async (request, caller) => {
      if (caller.kind !== 'overlay') return null;
      chartTabs.confirm(caller.tabId, request.symbol);
      deps.onChartReport(caller.tabId);
      return null;
    },
    // The confirmation window only (the route table), and window-confirm.ts checks it is the very
    // window opened for that order: a forged id, another tab or a second decision is refused.
    'confirm.get': async (request, caller) =>
      caller.kind === 'confirm' ? service.windowOrders.view(request.id, caller) : null,
    'confirm.decide': (request, caller) => {
      if (caller.kind !== 'confirm') throw new Error(words('bgRefusedDecide'));
      return service.windowOrders.decide(request.id, request.confirm, caller);
    },
    'overlay.frame': async (request, caller) => {
      if (caller.kind === 'content')
        chartTabs.bind(caller.tabId, { frameId: request.frameId, frameKey: request.frameKey });
      return null;
    },
    'view.visibility': () => {
      throw new Error(words('bgRefusedVisibility'));
    },
  };

  /** The order as the service takes it: its source and chart tab from the sender, never from the message. */
  function orderOf(request: Extract<Request, { type: 'order.place' | 'order.check' }>, caller: Known) {
    const from = orderSource(caller);
    if (from === null) throw new Error(words('bgRefusedOwnPages', request.type));
    return {
      order: request.order,
      confirmed: request.confirmed,
      ...('guardToken' in request && request.guardToken !== undefined
        ? { guardToken: request.guardToken }
        : {}),
      chartSymbol: request.chartSymbol,
      from,
      // A popup order never names a chart tab, whatever tab the popup page happens to be in.
      tabId: caller.kind === 'overlay' ? caller.tabId : null,
      ...(caller.kind === 'overlay' ? { frame: { frameId: caller.frameId, frameKey: caller.frameKey } } : {}),
    };
  }

  async function handle(
    request: Request,
    sender: Runtime.MessageSender,
    frameKey?: string,
  ): Promise<unknown> {
    const caller = await classify(
      sender,
      chartTabs,
      frameKey,
      (await deps.enabledSites?.()) ?? TRADINGVIEW_ONLY,
    );
    // "Refused: $1", the words the confirmation window puts before a refusal too.
    if (caller.kind === 'strayOverlay') throw new Error(words('confirmWindowRefused', NOT_OUR_FRAME));
    const kind = senderKind(caller);
    if (kind === null) throw new Error(words('bgRefusedNotExtension'));
    const allowed: readonly string[] | undefined = Object.hasOwn(ROUTES, request.type)
      ? ROUTES[request.type]
      : undefined;
    if (allowed === undefined) throw new Error(words('bgRefusedUnknown'));
    if (!allowed.includes(kind)) {
      throw new Error(
        kind === 'content'
          ? words('bgRefusedOwnPages', request.type)
          : words(kind === 'overlay' ? 'bgRefusedFromPanel' : 'bgRefusedFromPage', request.type),
      );
    }
    const handler = handlers[request.type] as Handler<RequestType>;
    return handler(request as never, caller as Known);
  }

  /** The runtime.onMessage listener: always answers with an envelope, never throws. */
  return async function onMessage(message: unknown, sender: Runtime.MessageSender): Promise<Envelope> {
    const parsed = requestSchema.safeParse(message);
    if (!parsed.success) return { ok: false, error: words('bgRefusedUnknown') };
    try {
      await deps.ready;
      const value = await handle(parsed.data, sender, frameKeyOf(message));
      return { ok: true, value };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return { ok: false, error: redactSecret(text, await deps.secret()) };
    }
  };
}
