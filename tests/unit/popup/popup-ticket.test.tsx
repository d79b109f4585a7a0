import { signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ViewConnection } from '@/components/use-view-state';
import { PopupApp } from '@/entrypoints/popup/app';
import { PopupTicket, prefillLine } from '@/entrypoints/popup/popup-ticket';
import { type Ask, createPopupState } from '@/entrypoints/popup/state';
import { type Bot, botId } from '@/lib/api/types';
import type { ActiveChart, Request, ViewState } from '@/lib/messaging/protocol';
import { button, deferred, labelled, mount, placed, type, viewState } from '../components/fixtures';

/**
 * The popup's Custom entry starts from the chart in the active tab (symbol and last price, marked as
 * the chart's), offers the bots bound to that underlying first, and leaves every field to the trader.
 */

afterEach(() => {
  document.body.innerHTML = '';
});

// Wednesday 2025-03-19, 11:00 in New York.
const now = Date.UTC(2025, 2, 19, 15, 0);

const SPX_BOT = botId(4821937);
const SPY_BOT = botId(4821952);
const SPY_OTHER_BOT = botId(4821953);
const ANY_BOT = botId(4822377);
const UNBOUND_BOT = botId(4822999);
const ticketBots: Bot[] = [
  { id: SPX_BOT, name: 'SPX 0DTE Iron Condor', strategy: 'IRON CONDOR' },
  { id: SPY_BOT, name: 'SPY Put Credit Spread', strategy: 'CREDIT SPREAD' },
  { id: SPY_OTHER_BOT, name: 'SPY Call Spread', strategy: 'CREDIT SPREAD' },
  { id: ANY_BOT, name: 'Manual Trades (unmanaged)', strategy: 'CUSTOM' },
  { id: UNBOUND_BOT, name: 'New bot', strategy: 'SHORT PUT' },
];
const bound = (over: Partial<ViewState> = {}): ViewState =>
  viewState({
    bots: ticketBots,
    bindings: {
      [SPX_BOT]: { kind: 'symbol', underlying: 'SPX' },
      [SPY_BOT]: { kind: 'symbol', underlying: 'SPY' },
      [SPY_OTHER_BOT]: { kind: 'symbol', underlying: 'SPY' },
      [ANY_BOT]: { kind: 'any' },
    },
    ...over,
  });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const spyChart: ActiveChart = {
  status: 'ready',
  underlying: 'SPY',
  shown: 'SPY',
  exchange: 'NYSE Arca',
  mapped: false,
  price: 585.12,
};

function renderTicket(answer: Promise<ActiveChart>, view = bound()) {
  const asked: Request[] = [];
  const ask = ((request: Request) => {
    asked.push(request);
    return answer;
  }) as Ask;
  const onOrder = vi.fn();
  const root = mount();
  act(() => {
    render(<PopupTicket view={view} ask={ask} now={now} onOrder={onOrder} isBusy={() => false} />, root);
  });
  return { root, asked, onOrder };
}

const settle = () => act(async () => {});
const line = (root: HTMLElement) => root.querySelector('[data-testid="ticket-prefill"]')?.textContent;
const botOptions = (root: HTMLElement) =>
  [...root.querySelectorAll('select')]
    .find((s) => [...s.options].some((o) => o.textContent?.includes('Manual Trades')))
    ?.querySelectorAll('option');
const chosenBot = (root: HTMLElement) => [...(botOptions(root) ?? [])].find((o) => o.selected)?.value ?? null;
const offered = (root: HTMLElement) =>
  [...(botOptions(root) ?? [])].filter((o) => o.value !== '').map((o) => Number(o.value));
const marks = (root: HTMLElement) =>
  [...root.querySelectorAll('.ct-prefill-mark')].map((m) => m.getAttribute('data-testid'));

describe('the popup ticket, from the chart in the active tab', () => {
  it('asks once, then starts from the chart symbol and price, marked as the chart, with its bound bot chosen', async () => {
    const { root, asked } = renderTicket(Promise.resolve(spyChart));
    expect(line(root)).toBe('Reading the chart in the active tab…');
    await settle();
    expect(asked).toEqual([{ type: 'chart.active' }]);
    expect(labelled(root, 'Underlying').value).toBe('SPY');
    expect(labelled(root, 'Underlying price').value).toBe('585.12');
    expect(line(root)).toBe(
      'From the chart in the active tab: SPY (NYSE Arca) at 585.12. Check or change any field before you send.',
    );
    expect(marks(root)).toEqual(['symbol-from-chart', 'price-from-chart']);
    // The bots bound to SPY first (one of them chosen), then "any symbol"; never SPX's nor an unbound one.
    expect(offered(root)).toEqual([SPY_BOT, SPY_OTHER_BOT, ANY_BOT]);
    expect(chosenBot(root)).toBe(String(SPY_BOT));
    // The first leg is on the chart's underlying; the strikes follow its increment.
    expect(labelled(root.querySelector('[data-testid="leg"]') as HTMLElement, 'Symbol').value).toBe('SPY');
    expect(root.querySelector('[data-testid="strike-step"]')?.textContent).toBe('strikes every 1');
  });

  it('chooses the bot remembered for that symbol, or the default bot, when bound to it', async () => {
    const remembered = bound({
      settings: { ...bound().settings, botBySymbol: { SPY: SPY_OTHER_BOT }, defaultBot: SPY_BOT },
    });
    const first = renderTicket(Promise.resolve(spyChart), remembered);
    await settle();
    expect(chosenBot(first.root)).toBe(String(SPY_OTHER_BOT));
    document.body.innerHTML = '';
    // A default bot bound elsewhere is not chosen for SPY.
    const elsewhere = renderTicket(
      Promise.resolve(spyChart),
      bound({ settings: { ...bound().settings, defaultBot: SPX_BOT } }),
    );
    await settle();
    expect(chosenBot(elsewhere.root)).toBe(String(SPY_BOT));
  });

  it('leaves every field to the trader: a changed price or symbol is no longer marked as the chart', async () => {
    const { root } = renderTicket(Promise.resolve(spyChart));
    await settle();
    act(() => type(labelled(root, 'Underlying price'), '590'));
    expect(marks(root)).toEqual(['symbol-from-chart']);
    act(() => type(labelled(root, 'Underlying'), 'qqq'));
    expect(marks(root)).toEqual([]);
    expect(labelled(root, 'Underlying').value).toBe('QQQ');
    // A typed symbol offers what the popup always offered.
    expect(offered(root)).toEqual([ANY_BOT, UNBOUND_BOT]);
  });

  it('sends what the trader built through the popup, with no chart symbol added to the request', async () => {
    const view = bound();
    const connection: ViewConnection = {
      state: signal(view),
      live: signal(true),
      chart: signal(null),
      close: () => {},
    };
    const asked: Request[] = [];
    const ask = (async (request: Request) => {
      asked.push(request);
      if (request.type === 'chart.active') return spyChart;
      if (request.type === 'order.place') return placed();
      throw new Error(`unexpected ${request.type}`);
    }) as Ask;
    const popup = createPopupState({ connection, ask, settleMs: 0 });
    const root = mount();
    act(() => {
      render(<PopupApp state={popup} />, root);
    });
    act(() => {
      popup.tab.value = 'custom';
    });
    await settle();
    expect(labelled(root, 'Underlying price').value).toBe('585.12');
    act(() => button(root, 'Put credit spread').click());
    act(() => button(root, 'Send legs').click());
    await settle();
    const orders = asked.filter((r) => r.type === 'order.place');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toEqual({
      type: 'order.place',
      order: {
        kind: 'enterLegs',
        bot: SPY_BOT,
        // The popup's own clock: the nearest weekly expiration from today.
        legs: [
          { symbol: 'SPY', quantity: -1, expiration: expect.stringMatching(DAY), type: 'put', strike: 580 },
          { symbol: 'SPY', quantity: 1, expiration: expect.stringMatching(DAY), type: 'put', strike: 575 },
        ],
      },
      from: 'popup',
      confirmed: false,
    });
  });

  it('starts empty with the reason when the active tab has no chart, or its symbol is not settled', async () => {
    const empty = (root: HTMLElement) => {
      expect(labelled(root, 'Underlying').value).toBe('');
      expect(labelled(root, 'Underlying price').value).toBe('');
      expect(marks(root)).toEqual([]);
    };
    const none = renderTicket(Promise.resolve({ status: 'none', reason: 'noChart', detail: '' }));
    await settle();
    expect(line(none.root)).toBe('No prefill: no chart in the active tab.');
    empty(none.root);
    document.body.innerHTML = '';

    const settling = renderTicket(
      Promise.resolve({
        status: 'none',
        reason: 'notSettled',
        detail: 'The symbol just changed; waiting for it to settle.',
      }),
    );
    await settle();
    expect(line(settling.root)).toBe(
      "No prefill: the chart's symbol is not settled. The symbol just changed; waiting for it to settle.",
    );
    empty(settling.root);
    document.body.innerHTML = '';

    const failed = renderTicket(Promise.reject(new Error('Refused')));
    await settle();
    expect(line(failed.root)).toBe('No prefill: the chart in the active tab could not be read.');
    empty(failed.root);
  });

  it('never overwrites what the trader typed before the answer came: it offers to fill instead', async () => {
    const late = deferred<ActiveChart>();
    const { root } = renderTicket(late.promise);
    act(() => type(labelled(root, 'Underlying'), 'IWM'));
    late.resolve(spyChart);
    await settle();
    expect(labelled(root, 'Underlying').value).toBe('IWM');
    expect(line(root)).toBe('The chart in the active tab shows SPY (NYSE Arca). Fill the ticket from it');
    act(() => button(root, 'Fill the ticket from it').click());
    expect(labelled(root, 'Underlying').value).toBe('SPY');
    expect(labelled(root, 'Underlying price').value).toBe('585.12');
    expect(marks(root)).toEqual(['symbol-from-chart', 'price-from-chart']);
  });

  it('says what it filled when the title has no price, or a symbol map applies', () => {
    expect(prefillLine({ ...spyChart, price: null }, true)).toBe(
      'From the chart in the active tab: SPY (NYSE Arca). Its title shows no price: type the price.',
    );
    expect(
      prefillLine({ ...spyChart, shown: 'ES1!', exchange: 'CME', mapped: true, price: null }, true),
    ).toBe(
      "From the chart in the active tab: ES1! (CME), traded as SPY (your symbol map). Type the price of SPY: the chart shows another instrument's.",
    );
    expect(
      prefillLine({ status: 'none', reason: 'untradable', detail: 'ES1! is a continuous future.' }, false),
    ).toBe("No prefill: the chart's symbol cannot be traded as shown. ES1! is a continuous future.");
  });
});
