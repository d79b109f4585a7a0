import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHART_CHANGED, type CollapsedStore, Overlay } from '@/entrypoints/overlay/app';
import { CONFIRM_ARM_MS, createClickGuard, type VisibilityEntry } from '@/entrypoints/overlay/click-guard';
import type { OverlayClient } from '@/entrypoints/overlay/client';
import { botId, requestId, tradeId } from '@/lib/api/types';
import type { ChartReport } from '@/lib/chart/types';
import type { OrderReply, Request, ViewPush, ViewState } from '@/lib/messaging/protocol';
import { DEFAULT_RISK_RULES } from '@/lib/risk/types';
import { DEFAULT_SETTINGS } from '@/lib/storage/items';

const spy: ChartReport = {
  symbol: 'SPY',
  exchange: 'NYSE Arca',
  underlying: 'SPY',
  state: 'ready',
  reason: '',
  changedAt: 0,
  theme: 'dark',
};

const baseState = (over: Partial<ViewState> = {}): ViewState => ({
  mode: 'paper',
  hasSecret: false,
  secretSavedAt: null,
  secretSessionOnly: false,
  user: 'paper@example.com',
  bots: [
    { id: botId(11), name: 'Condor bot', strategy: 'IRON CONDOR' },
    { id: botId(22), name: 'Spread bot', strategy: 'CREDIT SPREAD' },
  ],
  openTrades: [
    {
      id: tradeId(1),
      symbol: 'SPY',
      strategy: 'IRON CONDOR',
      enteredAt: 'x',
      entryPrice: 1,
      profitLoss: 5,
      percentProfitLoss: 2,
    },
    {
      id: tradeId(2),
      symbol: 'QQQ',
      strategy: 'IRON CONDOR',
      enteredAt: 'x',
      entryPrice: 1,
      profitLoss: -5,
      percentProfitLoss: -2,
    },
  ],
  botsAt: 0,
  tradesAt: 0,
  readError: null,
  budget: { share: 50, reserve: 10, used: 3, blockedUntil: null },
  settings: { ...DEFAULT_SETTINGS, botBySymbol: { SPY: botId(22) } },
  bindings: { '11': { kind: 'symbol', underlying: 'SPY' }, '22': { kind: 'symbol', underlying: 'SPY' } },
  inFlight: [],
  notices: [],
  ...over,
});

const placed: OrderReply = {
  status: 'placed',
  outcome: 'placed',
  requestId: requestId('47462f2d-378c-4bf5-a016-1c1221aa0e62'),
  message: 'Placed',
  journalId: 'j1',
};

type Sent = Extract<Request, { type: 'order.place' }>;

function harness(options: { iov2?: boolean; reply?: (sent: Sent) => OrderReply | Promise<OrderReply> } = {}) {
  let time = 1_000_000;
  const now = () => time;
  let push: (p: ViewPush) => void = () => {};
  let emitVisibility: (entries: readonly VisibilityEntry[]) => void = () => {};
  const orders: Sent[] = [];
  const asked: Request[] = [];
  const client: OverlayClient = {
    ask: (async (request: Request) => {
      asked.push(request);
      if (request.type === 'order.place') {
        orders.push(request);
        return options.reply ? options.reply(request) : placed;
      }
      if (request.type === 'bindings.set') {
        const state = baseState();
        return baseState({
          bindings:
            request.binding === null ? state.bindings : { ...state.bindings, [request.bot]: request.binding },
        });
      }
      if (request.type === 'settings.update') {
        const botBySymbol = Object.fromEntries(
          Object.entries(request.patch.botBySymbol ?? {}).map(([symbol, id]) => [symbol, botId(id)]),
        );
        return baseState({ settings: { ...DEFAULT_SETTINGS, botBySymbol } });
      }
      throw new Error(`unexpected ${request.type}`);
    }) as OverlayClient['ask'],
    subscribe(onPush) {
      push = onPush;
      return () => {};
    },
  };
  const guard = createClickGuard({
    now,
    watch:
      options.iov2 === false
        ? null
        : (onEntries) => {
            emitVisibility = onEntries;
            return () => {};
          },
  });
  // The trader's pointer rests on the panel from the start (the dwell rule has its own tests).
  guard.note({ type: 'pointermove', isTrusted: true, screenX: 5, screenY: 5, clientX: 5, clientY: 5 });
  const saved: boolean[] = [];
  const collapsedStore: CollapsedStore = { load: async () => false, save: async (c) => void saved.push(c) };
  const root = document.createElement('div');
  document.body.append(root);
  act(() =>
    render(<Overlay client={client} guard={guard} now={now} collapsedStore={collapsedStore} />, root),
  );

  const button = (label: string | RegExp): HTMLButtonElement => {
    const found = [...root.querySelectorAll('button')].find((b) =>
      typeof label === 'string' ? b.textContent === label : label.test(b.textContent ?? ''),
    );
    if (!found) throw new Error(`no button ${label}; have: ${root.textContent}`);
    return found;
  };
  const click = async (target: Element, trusted = true) => {
    const event = new MouseEvent('click', { bubbles: true, cancelable: true, detail: 1 });
    if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
    await act(async () => {
      target.dispatchEvent(event);
    });
  };
  return {
    root,
    orders,
    asked,
    saved,
    button,
    click,
    advance: (ms: number) => {
      time += ms;
    },
    push: (p: ViewPush) => act(() => push(p)),
    visible: () => emitVisibility([{ isVisible: true, intersectionRatio: 1 }]),
    covered: () => emitVisibility([{ isVisible: false, intersectionRatio: 1 }]),
    /** Connected, chart ready, frame visible long enough. */
    ready(state = baseState(), report = spy) {
      this.push({ type: 'state', state });
      this.push({ type: 'chart', report });
      this.visible();
      this.advance(600);
    },
  };
}

type Harness = ReturnType<typeof harness>;
let h: Harness;

beforeEach(() => {
  document.body.innerHTML = '';
});
afterEach(() => {
  render(null, h.root);
});

describe('overlay page', () => {
  it('shows mode, symbol, exchange, and only the open trades on this symbol', () => {
    h = harness();
    h.ready();
    expect(h.root.querySelector('.ct-mode')?.textContent).toBe('PAPER');
    expect(h.root.querySelector('[data-testid="chart-symbol"]')?.textContent).toContain('SPY');
    expect(h.root.querySelector('[data-testid="chart-symbol"]')?.textContent).toContain('NYSE Arca');
    const trades = [...h.root.querySelectorAll('[data-testid="trade-row"]')].map((li) =>
      li.getAttribute('data-trade-id'),
    );
    expect(trades).toEqual(['1']);
    expect(document.documentElement.dataset.theme).toBe('dark');
    // Totals per bot for this chart's trades: two bots are bound to SPY, so neither is guessed.
    expect(
      [...h.root.querySelectorAll('[data-testid="bot-total"]')].map((li) => [
        li.textContent,
        li.getAttribute('data-bots'),
      ]),
    ).toEqual([[expect.stringMatching(/^\S.* or .* · SPY · 1 trade · \+\$5\.00$/), '11 22']]);
  });

  it('enters via the bot remembered for the symbol in one Paper click, once, with the chart symbol', async () => {
    h = harness();
    h.ready();
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toEqual([
      {
        type: 'order.place',
        order: { kind: 'enterBot', bot: 22 },
        from: 'overlay',
        confirmed: false,
        chartSymbol: 'SPY',
      },
    ]);
    expect(h.root.querySelector('[data-testid="request-id"]')?.textContent).toBe(
      '47462f2d-378c-4bf5-a016-1c1221aa0e62',
    );
  });

  it('ignores untrusted clicks', async () => {
    h = harness();
    h.ready();
    await h.click(h.button('Enter via bot'), false);
    await h.click(h.button('Exit'), false);
    expect(h.orders).toEqual([]);
  });

  it('ignores clicks until the frame has been visible 500 ms, and after it was covered', async () => {
    h = harness();
    h.push({ type: 'state', state: baseState() });
    h.push({ type: 'chart', report: spy });
    h.visible();
    h.advance(300);
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toEqual([]);
    expect(h.root.textContent).toMatch(/hidden or covered/);
    h.advance(300);
    h.covered();
    h.visible();
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toEqual([]);
    h.advance(500);
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toHaveLength(1);
  });

  it('ignores window messages: posting to the frame sends nothing', async () => {
    h = harness();
    h.ready();
    await act(async () => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'order.place' } }));
      window.postMessage({ type: 'click', target: 'Enter via bot' }, '*');
      await new Promise((r) => setTimeout(r, 20));
    });
    expect(h.asked).toEqual([]);
  });

  it.each([
    ['settling', 'The symbol just changed'],
    ['ambiguous', 'Two charts, no active pane'],
    ['loading', 'Loading'],
  ] as const)('disables every order button while the chart is %s and shows why', (state, reason) => {
    h = harness();
    h.ready(baseState(), { ...spy, state, reason, underlying: null });
    expect(h.button('Enter via bot').disabled).toBe(true);
    // No underlying, no closers: they would name trades of a symbol nobody can vouch for.
    expect([...h.root.querySelectorAll('button')].filter((b) => /^Close/.test(b.textContent ?? ''))).toEqual(
      [],
    );
    expect(h.root.querySelectorAll('[data-testid="trade-row"]')).toHaveLength(0);
    expect(h.root.textContent).toContain(reason);
  });

  it('disables only the action in flight and sends it once', async () => {
    let finish: (reply: OrderReply) => void = () => {};
    h = harness({ reply: () => new Promise<OrderReply>((r) => (finish = r)) });
    h.ready();
    await h.click(h.button('Enter via bot'));
    expect(h.button(/Enter via bot/).disabled).toBe(true);
    expect(h.button('Exit').disabled).toBe(false);
    await h.click(h.button(/Enter via bot/));
    expect(h.orders).toHaveLength(1);
    await act(async () => {
      finish(placed);
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(h.button('Enter via bot').disabled).toBe(false);
  });

  it('disables a button the background reports in flight (from another view)', () => {
    h = harness();
    h.ready(baseState({ inFlight: ['exit:1'] }));
    expect(h.button(/Exit/).disabled).toBe(true);
    expect(h.button('Enter via bot').disabled).toBe(false);
  });

  it('asks before a Live order, showing symbol, bot and mode, and sends it confirmed', async () => {
    h = harness();
    h.ready(baseState({ mode: 'live', hasSecret: true }));
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toEqual([]);
    const dialog = h.root.querySelector('[role="dialog"]');
    expect(dialog?.textContent).toContain('LIVE');
    expect(dialog?.textContent).toContain('SPY (NYSE Arca)');
    expect(dialog?.textContent).toContain('Spread bot (#22)');
    // The second click of a double click lands on the dialog too soon: ignored.
    await h.click(h.button('Confirm'));
    expect(h.orders).toEqual([]);
    h.advance(CONFIRM_ARM_MS);
    await h.click(h.button('Confirm'), false);
    expect(h.orders).toEqual([]);
    await h.click(h.button('Confirm'));
    expect(h.orders).toMatchObject([
      { order: { kind: 'enterBot', bot: 22 }, confirmed: true, chartSymbol: 'SPY' },
    ]);
  });

  it('lets the second click of a double click on Confirm or Cancel press nothing the panel shows after it', async () => {
    h = harness();
    h.ready(baseState({ mode: 'live', hasSecret: true }));
    await h.click(h.button('Enter via bot'));
    h.advance(CONFIRM_ARM_MS);
    await h.click(h.button('Confirm'));
    expect(h.orders).toHaveLength(1);
    // The panel is back under the pointer: its Exit must not open a confirmation of its own.
    await h.click(h.button('Exit'));
    expect(h.root.querySelector('[role="dialog"]')).toBeNull();
    await h.click(h.button('Enter via bot'));
    expect(h.root.querySelector('[role="dialog"]')).toBeNull();
    h.advance(CONFIRM_ARM_MS);
    await h.click(h.button('Exit'));
    expect(h.root.querySelector('[role="dialog"]')?.textContent).toContain('/exit/1');
    h.advance(CONFIRM_ARM_MS);
    await h.click(h.button('Cancel'));
    await h.click(h.button('Exit'));
    expect(h.root.querySelector('[role="dialog"]')).toBeNull();
    expect(h.orders).toHaveLength(1);
  });

  it('while a risk rule holds entries, greys Enter and the ticket, keeps every exit live', async () => {
    h = harness();
    h.ready(
      baseState({
        risk: {
          rules: DEFAULT_RISK_RULES,
          pause: { since: 0, by: 'trader' },
          entriesOff: { rule: 'paused', message: 'Entries paused since 10:42 ET. Exits still work.' },
          entriesToday: 0,
          summary: [],
        },
      }),
    );
    expect(h.root.querySelector('[data-testid="entries-off"]')?.textContent).toContain('Entries paused');
    expect(h.button('Enter via bot · paused').disabled).toBe(true);
    expect(h.button('Exit').disabled).toBe(false);
    expect(h.button(/newest/i).disabled).toBe(false);
    await h.click(h.button('Build order'));
    await expect.poll(() => h.root.textContent).toContain('Send legs');
    expect(h.button('Send legs').disabled).toBe(true);
    await h.click(h.button('Close ticket'));
    await h.click(h.button('Exit'));
    expect(h.orders).toMatchObject([{ order: { kind: 'exitTrade', trade: 1 } }]);
  });

  it('sends Live in one click when one-click Live is on', async () => {
    h = harness();
    h.ready(
      baseState({ mode: 'live', hasSecret: true, settings: { ...DEFAULT_SETTINGS, oneClickLive: true } }),
    );
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toMatchObject([{ order: { kind: 'enterBot', bot: 11 }, confirmed: false }]);
  });

  it('without IntersectionObserver v2 confirms even a Paper order', async () => {
    h = harness({ iov2: false });
    h.push({ type: 'state', state: baseState() });
    h.push({ type: 'chart', report: spy });
    h.advance(600);
    await h.click(h.button('Exit'));
    expect(h.orders).toEqual([]);
    expect(h.root.querySelector('[role="dialog"]')?.textContent).toContain('SPY IRON CONDOR (#1)');
    h.advance(CONFIRM_ARM_MS);
    await h.click(h.button('Confirm'));
    expect(h.orders).toMatchObject([{ order: { kind: 'exitTrade', trade: 1 }, confirmed: true }]);
  });

  it('closes the confirmation without sending when the chart changes symbol', async () => {
    h = harness();
    h.ready(baseState({ mode: 'live', hasSecret: true }));
    await h.click(h.button('Enter via bot'));
    h.push({ type: 'chart', report: { ...spy, state: 'settling', underlying: null, symbol: 'QQQ' } });
    expect(h.root.querySelector('[role="dialog"]')).toBeNull();
    expect(h.root.querySelector('[data-testid="overlay-notice"]')?.textContent).toBe(CHART_CHANGED);
    expect(h.orders).toEqual([]);
  });

  it('asks "send again" on a repeat hold and resends confirmed', async () => {
    h = harness({
      reply: (sent) =>
        sent.confirmed ? placed : { status: 'held', reason: 'repeat', message: 'Same order seconds ago' },
    });
    h.ready();
    await h.click(h.button('Enter via bot'));
    expect(h.root.querySelector('[role="dialog"]')?.textContent).toMatch(/again/);
    h.advance(CONFIRM_ARM_MS);
    await h.click(h.button('Confirm'));
    expect(h.orders.map((o) => o.confirmed)).toEqual([false, true]);
    expect(h.root.textContent).toContain('47462f2d');
  });

  it('shows the unknown-outcome advice and the block countdown', async () => {
    h = harness({
      reply: (sent) =>
        sent.order.kind === 'exitTrade'
          ? { status: 'unknown', message: 'timed out', journalId: 'j' }
          : {
              status: 'held',
              reason: 'blocked',
              message: 'Blocked after a 429',
              until: Date.now() + 125_000,
            },
    });
    h.ready();
    await h.click(h.button('Exit'));
    expect(h.root.querySelector('[data-testid="result-line"]')?.textContent).toContain(
      'check open trades (or the Trade Transparency page)',
    );
    await h.click(h.button('Enter via bot'));
    expect(h.root.querySelector('[data-testid="countdown"]')?.textContent).toMatch(/2:0[45]/);
  });

  it('shows reason and message of a refusal', async () => {
    h = harness({
      reply: () => ({
        status: 'refused',
        error: { kind: 'rejected', message: 'x', reason: 'Market closed', detail: 'Try at 9:30' },
        message: 'x',
        journalId: 'j',
      }),
    });
    h.ready();
    await h.click(h.button('Close newest SPY trade'));
    expect(h.orders).toMatchObject([{ order: { kind: 'closeBot', bot: 22, close: 'newest' } }]);
    expect(h.root.querySelector('[data-testid="refusal"]')?.textContent).toBe('Market closed: Try at 9:30');
  });

  it('remembers the bot picked for this symbol', async () => {
    h = harness();
    h.ready();
    const select = h.root.querySelector('select.ct-select') as HTMLSelectElement;
    await act(async () => {
      select.value = '11';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(h.asked).toContainEqual({ type: 'settings.update', patch: { botBySymbol: { SPY: 11 } } });
    await h.click(h.button('Enter via bot'));
    expect(h.orders).toMatchObject([{ order: { kind: 'enterBot', bot: 11 } }]);
  });

  it('trims the chosen percentage', async () => {
    h = harness();
    h.ready();
    const input = h.root.querySelector('.ct-trade__trim-input') as HTMLInputElement;
    await act(async () => {
      input.value = '25';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await h.click(h.button('Trim'));
    expect(h.orders).toMatchObject([{ order: { kind: 'trimTrade', trade: 1, trim: 25 } }]);
  });

  it('collapses to the bar and remembers it', async () => {
    h = harness();
    h.ready();
    await h.click(h.button('▾'));
    expect(h.root.querySelector('.body')).toBeNull();
    expect(h.saved).toEqual([true]);
    expect(h.root.querySelector('.ct-mode')?.textContent).toBe('PAPER');
  });

  it('moves by its title bar and the "Move panel" handle, never by its buttons or by scripted input', async () => {
    h = harness();
    h.ready();
    const moves = () => h.asked.filter((r) => r.type === 'overlay.move' || r.type === 'overlay.reset');
    const send = async (target: Element, event: Event, trusted = true) => {
      if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
      await act(async () => {
        target.dispatchEvent(event);
      });
    };
    const press = (type: string, x: number) =>
      new PointerEvent(type, { bubbles: true, pointerId: 1, button: 0, buttons: 1, screenX: x, screenY: 50 });
    const grip = h.root.querySelector('button[aria-label="Move panel"]');
    const bar = h.root.querySelector('header.bar');
    if (!grip || !bar) throw new Error('no title bar with a "Move panel" handle');

    // The bar's own controls keep their clicks: a press on them is no drag.
    await send(h.button('▾'), press('pointerdown', 10));
    await send(bar, press('pointerdown', 10), false);
    expect(moves()).toEqual([]);

    await send(h.root.querySelector('[data-testid="chart-symbol"]') as Element, press('pointerdown', 10));
    await send(bar, new PointerEvent('pointerup', { bubbles: true, pointerId: 1, screenX: 40, screenY: 60 }));
    expect(moves()).toEqual([
      { type: 'overlay.move', phase: 'start', dx: 0, dy: 0, fromX: 10, fromY: 50 },
      { type: 'overlay.move', phase: 'end', dx: 30, dy: 10, fromX: 10, fromY: 50 },
    ]);

    await send(grip, new KeyboardEvent('keydown', { bubbles: true, cancelable: true, key: 'ArrowRight' }));
    await send(grip, new MouseEvent('dblclick', { bubbles: true }));
    await send(grip, new MouseEvent('dblclick', { bubbles: true }), false);
    expect(moves().slice(2)).toEqual([
      { type: 'overlay.move', phase: 'step', dx: 10, dy: 0, fromX: 0, fromY: 0 },
      { type: 'overlay.reset' },
    ]);
    expect(h.orders).toEqual([]);
  });
});

describe('overlay page: bots bound to the chart underlying', () => {
  const aapl: ChartReport = { ...spy, symbol: 'AAPL', exchange: 'NASDAQ', underlying: 'AAPL' };
  const orderButtons = () =>
    [...h.root.querySelectorAll('button')].filter((b) => /^(Enter via bot|Close )/.test(b.textContent ?? ''));

  it('on a chart no bot is bound to, offers nothing to enter or close, says so, and binds on a click', async () => {
    h = harness();
    h.ready(baseState({ bindings: { '11': { kind: 'symbol', underlying: 'SPY' } } }), aapl);
    expect(h.root.querySelector('[data-testid="no-bot"]')?.textContent).toContain('No bot trades AAPL.');
    expect(orderButtons()).toEqual([]);
    // The remembered bot for SPY (22) is unbound: it is offered to bind, not to enter.
    await h.click(h.button('Bind to AAPL'));
    expect(h.asked).toContainEqual({
      type: 'bindings.set',
      bot: 22,
      binding: { kind: 'symbol', underlying: 'AAPL' },
    });
    expect(h.orders).toEqual([]);
  });

  it('never preselects or offers a bot bound elsewhere, even the remembered or default one', () => {
    h = harness();
    h.ready(
      baseState({
        settings: { ...DEFAULT_SETTINGS, defaultBot: botId(11), botBySymbol: { AAPL: botId(11) } },
        bindings: {
          '11': { kind: 'symbol', underlying: 'SPY' },
          '22': { kind: 'symbol', underlying: 'AAPL' },
        },
      }),
      aapl,
    );
    const options = [...h.root.querySelectorAll('select.ct-select option')].map((o) =>
      o.getAttribute('value'),
    );
    expect(options).toEqual(['22']);
  });

  it('an "any symbol" bot is not enterable with its own settings from a chart', () => {
    h = harness();
    h.ready(baseState({ bindings: { '11': { kind: 'any' }, '22': { kind: 'any' } } }), spy);
    expect(h.root.textContent).toContain('No bot trades SPY.');
    expect(orderButtons()).toEqual([]);
  });

  it('labels closers with the count and the caveat, and the confirmation names what the bot trades', async () => {
    h = harness();
    h.ready(baseState({ mode: 'live', hasSecret: true }));
    expect(h.button('Close all 1 SPY trade')).toBeTruthy();
    expect(h.root.querySelector('[data-testid="close-caveat"]')?.textContent).toMatch(
      /all of that bot's trades/,
    );
    await h.click(h.button('Enter via bot'));
    const dialog = h.root.querySelector('[role="dialog"]');
    expect(dialog?.textContent).toContain('Spread bot (#22) · trades SPY');
    // In the panel's flow, in place of its body: the frame fits the dialog, not the other way round.
    expect(h.root.querySelector('.confirm-host [role="dialog"]')).not.toBeNull();
    expect(h.root.querySelector('.body')).toBeNull();
  });

  it('shows what will be traded when the trader maps the chart ticker', () => {
    h = harness();
    h.ready(baseState(), { ...spy, symbol: 'ES1!', exchange: 'CME', underlying: 'SPY' });
    expect(h.root.querySelector('[data-testid="traded-as"]')?.textContent).toContain('trades SPY');
  });
});
