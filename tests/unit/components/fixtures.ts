import { type Bot, botId, type OpenTrade, requestId, tradeId } from '@/lib/api/types';
import type { OrderReply, ViewState } from '@/lib/messaging/protocol';
import { DEFAULT_SETTINGS } from '@/lib/storage/items';

export const bots: Bot[] = [
  { id: botId(1234567), name: 'SPX Iron Condor', strategy: 'IRON CONDOR', broker: 'TastyTrade' },
  { id: botId(7654321), name: 'QQQ Spreads', strategy: 'CREDIT SPREAD' },
];

export const trades: OpenTrade[] = [
  {
    id: tradeId(55),
    symbol: 'SPX',
    strategy: 'IRON CONDOR',
    enteredAt: '2024-10-25 10:20:01',
    entryPrice: 12.5,
    profitLoss: 20.2,
    percentProfitLoss: 20,
  },
  {
    id: tradeId(56),
    symbol: 'QQQ',
    strategy: 'CREDIT SPREAD',
    enteredAt: '2024-10-25 13:05:00',
    entryPrice: 1.1,
    profitLoss: -3.1,
    percentProfitLoss: -4.5,
  },
];

export const viewState = (over: Partial<ViewState> = {}): ViewState => ({
  mode: 'paper',
  hasSecret: false,
  secretSavedAt: null,
  secretSessionOnly: false,
  user: 'trader@example.com',
  bots,
  openTrades: trades,
  botsAt: 0,
  tradesAt: 0,
  readError: null,
  budget: { share: 50, reserve: 10, used: 3, blockedUntil: null },
  settings: { ...DEFAULT_SETTINGS },
  bindings: {},
  inFlight: [],
  notices: [],
  ...over,
});

export const placed = (id = '47462f2d-378c-4bf5-a016-1c1221aa0e62'): OrderReply => ({
  status: 'placed',
  outcome: 'placed',
  requestId: requestId(id),
  message: 'Placed',
  journalId: 'j1',
});

/** A promise the test settles by hand, to hold an order "in flight". */
export function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function mount(): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  return root;
}

/** Buttons by their accessible name (text content, or aria-label when set). */
export function buttons(root: ParentNode, name: string): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')].filter(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  );
}

export function button(root: ParentNode, name: string): HTMLButtonElement {
  const found = buttons(root, name);
  if (found.length !== 1) throw new Error(`expected one "${name}" button, found ${found.length}`);
  return found[0] as HTMLButtonElement;
}

/** Types into an input the way a trader does: value, then an input event. */
export function type(input: HTMLInputElement | HTMLSelectElement, value: string, event = 'input'): void {
  input.value = value;
  input.dispatchEvent(new Event(event, { bubbles: true }));
}

export function labelled(root: ParentNode, text: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  const id = label?.getAttribute('for');
  const input = id ? root.querySelector(`[id="${id}"]`) : null;
  if (!input) throw new Error(`no control labelled "${text}"`);
  return input as HTMLInputElement;
}
