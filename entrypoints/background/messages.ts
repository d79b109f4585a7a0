import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { redactSecret } from '@/lib/api/redact';
import type { BotId } from '@/lib/api/types';
import { applySymbolMap } from '@/lib/chart/underlying';
import {
  CONTENT_ONLY,
  type OverlayFitMessage,
  type OverlayMoveMessage,
  type OverlayResetMessage,
  PAGE_ONLY,
  type ReplyMap,
  type Request,
} from '@/lib/messaging/protocol';
import { requestSchema } from '@/lib/messaging/schemas';
import type { ChartTabs } from './chart-tabs';
import { placements } from './placement';
import { identify } from './sender';
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
}

/**
 * Every message from every context comes through here: parsed with zod, its sender checked,
 * then handed to the service. Anything that can place an order or touch the secret is for the
 * extension's own pages only; the content script may only report the chart.
 */
export function createRouter(deps: RouterDeps) {
  const { service, chartTabs } = deps;

  async function handle(request: Request, sender: Runtime.MessageSender): Promise<unknown> {
    const caller = identify(sender);
    if (caller.kind === 'stranger') throw new Error('Refused: this message did not come from the extension.');
    if (PAGE_ONLY.has(request.type) && caller.kind !== 'page') {
      throw new Error(`Refused: ${request.type} is only accepted from the extension's own pages.`);
    }
    if (CONTENT_ONLY.has(request.type) && caller.kind !== 'content') {
      throw new Error(`Refused: ${request.type} is only accepted from a chart tab.`);
    }
    const tabId = caller.tabId;

    switch (request.type) {
      case 'state.get':
        return service.viewState();
      case 'reads.refresh':
        await service.refreshReads(true);
        return service.viewState();
      case 'order.place':
      case 'order.check': {
        // A popup order never names a chart tab, whatever frame the popup happens to be in.
        const order = { ...request, tabId: request.from === 'popup' ? null : tabId };
        return request.type === 'order.place' ? service.placeOrder(order) : service.checkOrder(order);
      }
      case 'notices.dismiss':
        await service.dismissNotices();
        return service.viewState();
      case 'budget.clearBlock':
        await service.clearBlock();
        return service.viewState();
      case 'journal.list':
        return service.journal.list();
      case 'journal.export':
        return service.exportJournal(request.format);
      case 'connection.test':
        return service.testConnection(request.secret);
      case 'connection.setMode':
        await service.setMode(request.mode);
        return service.viewState();
      case 'connection.saveSecret':
        await service.saveSecret(request.secret, request.sessionOnly);
        return service.viewState();
      case 'connection.forgetSecret':
        await service.forgetSecret();
        return service.viewState();
      case 'settings.update': {
        const { defaultBot, botBySymbol, ...rest } = request.patch;
        await service.updateSettings({
          ...rest,
          ...(defaultBot !== undefined ? { defaultBot: defaultBot as BotId | null } : {}),
          ...(botBySymbol !== undefined ? { botBySymbol: botBySymbol as Record<string, BotId> } : {}),
        });
        return service.viewState();
      }
      case 'bindings.set':
        await service.setBinding(request.bot, request.binding);
        return service.viewState();
      case 'chart.quote': {
        // The overlay's own tab only: the ticket starts from the price its chart shows.
        if (caller.kind !== 'page' || caller.page !== 'overlay.html' || tabId === null) {
          return { ticker: null, price: null };
        }
        return chartTabs.quote(tabId);
      }
      case 'chart.current': {
        if (tabId === null) return null;
        const report = chartTabs.known(tabId) ?? (await chartTabs.reread(tabId));
        if (!report) return null;
        const settings = await service.settings();
        return applySymbolMap(report, settings.symbolMap);
      }
      case 'overlay.fit':
      case 'overlay.move':
      case 'overlay.reset': {
        // Only the overlay page in a chart tab sizes or moves that tab's frame; the page around it cannot.
        if (caller.kind !== 'page' || caller.page !== 'overlay.html' || tabId === null) return null;
        // Rebuilt field by field: the content script gets exactly what was checked, nothing more.
        const toFrame: OverlayFitMessage | OverlayMoveMessage | OverlayResetMessage =
          request.type === 'overlay.fit'
            ? { type: 'overlay.fit', height: request.height }
            : request.type === 'overlay.move'
              ? {
                  type: 'overlay.move',
                  phase: request.phase,
                  dx: request.dx,
                  dy: request.dy,
                  fromX: request.fromX,
                  fromY: request.fromY,
                }
              : { type: 'overlay.reset' };
        await browser.tabs.sendMessage(tabId, toFrame, { frameId: 0 }).catch(() => undefined);
        return null;
      }
      case 'placement.get':
        return caller.kind === 'content' ? placements.forHost(caller.url.hostname) : {};
      case 'placement.save':
        if (caller.kind === 'content') await placements.save(caller.url.hostname, request.spot);
        return null;
      case 'chart.report': {
        if (caller.kind !== 'content') return null;
        if (chartTabs.set(caller.tabId, request.report)) deps.onChartReport(caller.tabId);
        return null;
      }
    }
  }

  /** The runtime.onMessage listener: always answers with an envelope, never throws. */
  return async function onMessage(message: unknown, sender: Runtime.MessageSender): Promise<Envelope> {
    const parsed = requestSchema.safeParse(message);
    if (!parsed.success) return { ok: false, error: 'Refused: not a message this extension understands.' };
    try {
      await deps.ready;
      const value = (await handle(parsed.data, sender)) as ReplyMap[Request['type']];
      return { ok: true, value };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      return { ok: false, error: redactSecret(text, await deps.secret()) };
    }
  };
}
