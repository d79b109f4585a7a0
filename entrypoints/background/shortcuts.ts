import { browser } from 'wxt/browser';
import type { Order } from '@/lib/api/types';
import { botIdsBoundTo } from '@/lib/bots/binding';
import { applySymbolMap } from '@/lib/chart/underlying';
import type { OrderReply } from '@/lib/messaging/protocol';
import { overlayPlacementItem } from '@/lib/storage/items';
import { words } from '@/lib/words';
import type { ChartTabs } from './chart-tabs';
import { REPEAT_WINDOW_MS } from './order-guard';
import type { Service } from './service';

/** Names in the manifest's `commands`; the trader assigns the keys in the browser's shortcuts page. */
export const SHORTCUTS = {
  enter: 'enter-via-default-bot',
  exit: 'exit-newest-on-chart',
  pause: 'pause-entries',
} as const;

function notify(title: string, message: string): void {
  void browser.notifications
    .create({ type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message })
    .catch(() => undefined);
}

export function describeReply(reply: OrderReply): string {
  switch (reply.status) {
    case 'placed':
      return words('bgAccepted', reply.requestId);
    case 'refused':
      return reply.error.reason ? `${reply.error.reason}: ${reply.message}` : reply.message;
    default:
      return reply.message;
  }
}

/**
 * Keyboard shortcuts act on the chart in the active tab, with the same guards as a click:
 * a settled symbol read at the moment of the key press, the budget, the repeat guard, and
 * Live confirmation (which a key press cannot give: it then asks to use the overlay).
 */
export function registerShortcuts(deps: { service: Service; chartTabs: ChartTabs; now: () => number }): void {
  const { service, chartTabs } = deps;
  /**
   * A held key repeats. "Exit the newest trade" names a different trade once the first exit lands,
   * so the order guard (which compares orders) would let each repeat close one more trade: a key
   * acts once per chart tab within the repeat window, whatever it would send.
   */
  const lastPress = new Map<string, number>();

  async function run(command: string, tabId: number): Promise<OrderReply | string> {
    const raw = (await chartTabs.reread(tabId))?.report;
    if (!raw) return words('shortcutNoChart');
    const settings = await service.settings();
    const report = applySymbolMap(raw, settings.symbolMap);
    if (report.state !== 'ready' || !report.underlying) return report.reason || words('bgChartNotSettled');
    const symbol = report.underlying;
    let order: Order;
    if (command === SHORTCUTS.enter) {
      // Only a bot the trader bound to this underlying: enter/{bot} trades the bot's own symbol.
      // From the bindings alone: the bot list may not have been read yet in this worker's life.
      const bound = botIdsBoundTo(await service.bindings(), symbol);
      const pick =
        bound.find((id) => id === settings.botBySymbol[symbol]) ??
        bound.find((id) => id === settings.defaultBot) ??
        (bound.length === 1 ? bound[0] : undefined);
      if (bound.length === 0) return words('shortcutNoBot', symbol);
      if (pick === undefined) return words('shortcutManyBots', bound.length, symbol);
      order = { kind: 'enterBot', bot: pick };
    } else {
      const state = await service.viewState();
      const newest = state.openTrades
        .filter((t) => t.symbol === symbol)
        .sort((a, b) => b.enteredAt.localeCompare(a.enteredAt) || b.id - a.id)[0];
      if (!newest) return words('shortcutNoTrade', symbol);
      order = { kind: 'exitTrade', trade: newest.id };
    }
    return service.placeOrder({ order, from: 'shortcut', confirmed: false, chartSymbol: symbol, tabId });
  }

  browser.commands?.onCommand.addListener(async (command, tab) => {
    // Pausing needs no chart and no confirmation; resuming is never a key press (the popup asks first).
    if (command === SHORTCUTS.pause) {
      await service.risk.setPaused(true, 'shortcut', false);
      return notify(words('riskPaused'), words('shortcutPausedBody'));
    }
    if (command !== SHORTCUTS.enter && command !== SHORTCUTS.exit) return;
    const tabId = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    const title = words(command === SHORTCUTS.enter ? 'overlayEnterViaBot' : 'shortcutExitNewest');
    if (tabId === undefined) return notify(title, words('shortcutNoTab'));
    const pressKey = `${command}:${tabId}`;
    const at = deps.now();
    const last = lastPress.get(pressKey);
    if (last !== undefined && at - last < REPEAT_WINDOW_MS) return;
    lastPress.set(pressKey, at);
    const reply = await run(command, tabId);
    if (typeof reply === 'string') return notify(title, reply);
    if (reply.status === 'held' && reply.reason === 'confirm') {
      return notify(title, words('shortcutLiveConfirm'));
    }
    // The overlay shows results itself; a notification is for when it is collapsed or out of sight.
    const tab2 = await browser.tabs.get(tabId).catch(() => null);
    const host = tab2?.url ? new URL(tab2.url).host : '';
    const placement = (await overlayPlacementItem.getValue())[host];
    if (placement?.collapsed !== false) notify(title, describeReply(reply));
  });
}
