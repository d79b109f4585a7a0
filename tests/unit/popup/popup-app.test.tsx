import { signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViewConnection } from '@/components/use-view-state';
import { PopupApp } from '@/entrypoints/popup/app';
import { type Ask, createPopupState, disabledReason } from '@/entrypoints/popup/state';
import { botId, tradeId } from '@/lib/api/types';
import type { JournalEntry, OrderReply, Request, ViewState } from '@/lib/messaging/protocol';
import { button, buttons, deferred, mount, placed, viewState } from '../components/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

const journal: JournalEntry[] = [
  {
    id: 'a',
    at: Date.UTC(2025, 2, 19, 14, 0, 0),
    mode: 'paper',
    from: 'popup',
    order: { kind: 'enterBot', bot: botId(1234567) },
    call: 'POST enter/1234567',
    body: null,
    symbol: null,
    status: 'placed',
    requestId: null,
    httpStatus: 200,
    reason: null,
    message: null,
    latencyMs: 12,
  },
  {
    id: 'b',
    at: Date.UTC(2025, 2, 19, 14, 1, 0),
    mode: 'live',
    from: 'overlay',
    order: { kind: 'enterBot', bot: botId(1234567) },
    call: 'POST enter/1234567',
    body: null,
    symbol: 'SPY',
    status: 'refused',
    requestId: null,
    httpStatus: 400,
    reason: 'Invalid asset',
    message: 'Bot not enabled',
    latencyMs: 80,
  },
];

/** Lets the layout watch see the first drawing at the time it happened (its records come in a microtask). */
const drawn = () => new Promise<void>((r) => setTimeout(r, 0));

function setup(
  state: ViewState | null,
  orderReply?: () => Promise<OrderReply>,
  layout: { settleMs: number; clock?: () => number } = { settleMs: 0 },
) {
  const current = signal(state);
  const connection: ViewConnection = {
    state: current,
    live: signal(state !== null),
    chart: signal(null),
    close: () => {},
  };
  const asked: Request[] = [];
  const ask = (async (request: Request) => {
    asked.push(request);
    switch (request.type) {
      case 'order.place':
        return orderReply ? orderReply() : placed();
      case 'order.check':
        return { status: 'ready' };
      case 'notices.dismiss':
        return state;
      case 'journal.list':
        return journal;
      case 'journal.export':
        return { filename: 'journal.csv', mime: 'text/csv', text: 'a,b' };
      case 'reads.refresh':
        return state;
      default:
        throw new Error(`unexpected ${request.type}`);
    }
  }) as Ask;
  const root = mount();
  const popup = createPopupState({ connection, ask, layoutRoot: root, ...layout });
  act(() => {
    render(<PopupApp state={popup} />, root);
  });
  const orders = () =>
    asked.filter((r): r is Extract<Request, { type: 'order.place' }> => r.type === 'order.place');
  return { root, popup, connection, current, asked, orders };
}

describe('popup', () => {
  it('says Paper plainly and lists bots and trades from the first state', () => {
    const { root } = setup(viewState());
    expect(root.querySelector('[data-mode="paper"]')?.textContent).toBe('PAPER');
    expect(root.querySelector('[data-testid="paper-banner"]')?.textContent).toBe(
      'Paper: simulated in your browser, nothing is sent',
    );
    expect(root.querySelectorAll('[data-testid="trade-row"]')).toHaveLength(2);
    expect(buttons(root, 'Enter')).toHaveLength(2);
    expect(buttons(root, 'Exit')).toHaveLength(2);
  });

  it('totals open trades per bot, by the underlying each bot is bound to', () => {
    const { root } = setup(
      viewState({
        bindings: { '1234567': { kind: 'symbol', underlying: 'SPX' }, '7654321': { kind: 'any' } },
      }),
    );
    const rows = [...root.querySelectorAll('[data-testid="trade-totals"] [data-testid="bot-total"]')];
    expect(rows.map((r) => r.textContent)).toEqual([
      'SPX Iron Condor · SPX · 1 trade · +$20.20',
      'No bot bound to QQQ · 1 trade · -$3.10',
    ]);
    expect(rows[0]?.getAttribute('data-bots')).toBe('1234567');
    expect(root.querySelector('[data-testid="trade-totals"]')?.textContent).toContain(
      'Custom orders held by QQQ Spreads',
    );
  });

  it('enters via a bot in Paper with one click, sends once on a double click, and shows the request id', async () => {
    const answer = deferred<OrderReply>();
    const { root, orders } = setup(viewState(), () => answer.promise);
    const enter = buttons(root, 'Enter')[0] as HTMLButtonElement;
    act(() => {
      enter.click();
      enter.click();
    });
    expect(orders()).toHaveLength(1);
    expect(orders()[0]).toMatchObject({
      order: { kind: 'enterBot', bot: 1234567 },
      from: 'popup',
      confirmed: false,
    });
    expect((buttons(root, 'Enter')[0] as HTMLButtonElement).disabled).toBe(true);
    await act(async () => {
      answer.resolve(placed('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'));
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(root.querySelector('[data-testid="request-id"]')?.textContent).toBe(
      'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    );
    expect((buttons(root, 'Enter')[0] as HTMLButtonElement).disabled).toBe(false);
  });

  it('sends nothing from a click that lands as the rows move, says so, and sends the same click once they are still', async () => {
    let t = 10_000;
    const clock = () => t;
    const state = viewState();
    const { root, current, orders } = setup(state, undefined, { settleMs: 400, clock });
    await act(drawn);
    // A new trade arrives at the top of the list: every Exit below it moves down one row.
    const [first] = state.openTrades;
    if (!first) throw new Error('the fixture has trades');
    t += 5_000;
    await act(async () => {
      current.value = { ...state, openTrades: [{ ...first, id: tradeId(7_777_777) }, ...state.openTrades] };
      await new Promise((r) => setTimeout(r, 0));
    });
    t += 150;
    const exit = () => buttons(root, 'Exit')[1] as HTMLButtonElement;
    await act(async () => exit().click());
    expect(orders()).toEqual([]);
    expect(root.textContent).toContain('The list moved as you clicked: nothing was sent.');

    // The notice itself moved the rows; a click once the view has been still for the settle time sends.
    t += 400;
    await act(async () => exit().click());
    expect(orders()).toHaveLength(1);
    expect(root.textContent).not.toContain('The list moved as you clicked');
  });

  it('takes a new P&L as no move: a read every few seconds never makes the trader click twice', async () => {
    let t = 10_000;
    const state = viewState();
    const { root, current, orders } = setup(state, undefined, { settleMs: 400, clock: () => t });
    await act(drawn);
    t += 5_000;
    await act(async () => {
      current.value = {
        ...state,
        tradesAt: t,
        openTrades: state.openTrades.map((trade) => ({ ...trade, profitLoss: -trade.profitLoss - 1 })),
      };
      await new Promise((r) => setTimeout(r, 0));
    });
    t += 50;
    await act(async () => (buttons(root, 'Exit')[0] as HTMLButtonElement).click());
    expect(orders()).toHaveLength(1);
  });

  it('counts its own first drawing as a move: a click in the first moment after the view draws sends nothing', async () => {
    let t = 10_000;
    const { root, orders } = setup(viewState(), undefined, { settleMs: 400, clock: () => t });
    await act(drawn);
    t += 100;
    await act(async () => (buttons(root, 'Enter')[0] as HTMLButtonElement).click());
    expect(orders()).toEqual([]);
    t += 400;
    await act(async () => (buttons(root, 'Enter')[0] as HTMLButtonElement).click());
    expect(orders()).toHaveLength(1);
  });

  it('tells the trader what stored data was reset, until dismissed', async () => {
    const text = 'Your stored settings could not be read and was reset.';
    const { root, asked } = setup(viewState({ notices: [text] }));
    expect(root.querySelector('[data-testid="stored-notices"]')?.textContent).toContain(text);
    await act(async () => button(root, 'Dismiss').click());
    expect(asked.map((r) => r.type)).toContain('notices.dismiss');
  });

  it('shows a red LIVE mark and asks for confirmation before a Live order', async () => {
    const { root, orders, asked } = setup(viewState({ mode: 'live', hasSecret: true }));
    expect(root.querySelector('[data-mode="live"]')?.textContent).toBe('LIVE');
    expect(root.querySelector('[data-testid="paper-banner"]')).toBeNull();
    await act(async () => (buttons(root, 'Exit')[0] as HTMLButtonElement).click());
    expect(orders()).toHaveLength(0);
    expect(asked.map((r) => r.type)).toContain('order.check');
    expect(root.querySelector('[role="dialog"]')?.textContent).toContain('LIVE: sent to your broker');
    await act(async () => button(root, 'Confirm').click());
    expect(orders()).toHaveLength(1);
    expect(orders()[0]).toMatchObject({ confirmed: true });
  });

  it('sends Live orders at once when one-click is on', () => {
    const { root, orders } = setup(
      viewState({ mode: 'live', hasSecret: true, settings: { ...viewState().settings, oneClickLive: true } }),
    );
    act(() => (buttons(root, 'Enter')[0] as HTMLButtonElement).click());
    expect(orders()).toHaveLength(1);
  });

  it('greys order buttons and shows the countdown during a 429 block', () => {
    const until = Date.now() + 120_000;
    const { root, orders } = setup(
      viewState({ budget: { share: 50, reserve: 10, used: 50, blockedUntil: until } }),
    );
    expect(buttons(root, 'Enter').every((b) => b.disabled)).toBe(true);
    expect(button(root, 'Refresh').disabled).toBe(true);
    expect(root.querySelector('[data-testid="budget-line"]')?.textContent).toMatch(/held for [12]:\d\d/);
    act(() => (buttons(root, 'Enter')[0] as HTMLButtonElement).click());
    expect(orders()).toHaveLength(0);
  });

  it('points a Live trader without a secret to Settings', () => {
    const { root } = setup(viewState({ mode: 'live', hasSecret: false, bots: [], openTrades: [] }));
    expect(root.textContent).toContain('Live mode needs your secret.');
    expect(disabledReason(viewState({ mode: 'live' }), true, 0)).toBe(
      'Live mode needs your secret: open Settings.',
    );
    // Before the background has spoken, the cache can't know about the secret, and saved rows never order.
    expect(disabledReason(viewState({ mode: 'live' }), false, 0)).toBe(
      'Waiting for the live view: nothing is sent from saved rows.',
    );
  });

  it('shows the journal filtered by mode and exports it as a file', async () => {
    const created = vi.fn(() => 'blob:x');
    URL.createObjectURL = created;
    URL.revokeObjectURL = () => {};
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { root, popup, asked } = setup(viewState());
    await act(async () => {
      popup.tab.value = 'journal';
    });
    await act(async () => {});
    expect(root.querySelectorAll('[data-testid="journal-row"]')).toHaveLength(2);
    const filter = root.querySelector('select') as HTMLSelectElement;
    await act(async () => {
      filter.value = 'live';
      filter.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const rows = root.querySelectorAll('[data-testid="journal-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.textContent).toContain('Invalid asset: Bot not enabled');
    await act(async () => button(root, 'Export CSV').click());
    expect(asked).toContainEqual({ type: 'journal.export', format: 'csv' });
    expect(created).toHaveBeenCalledTimes(1);
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  it("offers the chart's order ticket as its Custom entry: templates, calendar and the exact request", () => {
    const { root, popup } = setup(viewState());
    act(() => {
      popup.tab.value = 'custom';
    });
    const ticket = root.querySelector('[data-testid="order-ticket"]');
    expect(ticket).not.toBeNull();
    // The popup types the underlying the chart would fix, and starts from no symbol and no price.
    expect((ticket?.querySelector('input[type="text"]') as HTMLInputElement | null)?.value).toBe('');
    expect([...(ticket?.querySelectorAll('button') ?? [])].map((b) => b.textContent)).toContain(
      'Put credit spread',
    );
  });

  it('switches tabs with the arrow keys', () => {
    const { root, popup } = setup(viewState());
    const tab = root.querySelector('[role="tab"][aria-selected="true"]') as HTMLElement;
    act(() => {
      tab.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    });
    expect(popup.tab.value).toBe('custom');
    expect(root.querySelector('[aria-label="Order ticket"]')).not.toBeNull();
  });
});
