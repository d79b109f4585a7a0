import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { formatClock } from '@/components/format';
import type { ViewConnection } from '@/components/use-view-state';
import { FIRST_VIEW_HOLD_MS, PopupApp } from '@/entrypoints/popup/app';
import {
  cachedViewState,
  drawCachedView,
  FIRST_DRAW_KEYS,
  firstDraw,
  parseFirstDrawCache,
  readFirstDrawCache,
} from '@/entrypoints/popup/first-draw';
import { type Ask, createPopupState } from '@/entrypoints/popup/state';
import type { Request, ViewState } from '@/lib/messaging/protocol';
import { bots, mount, placed, trades, viewState } from '../components/fixtures';

/**
 * The popup's first draw (entrypoints/popup/first-draw.ts): the saved rows from one storage read,
 * checked with zod, before Preact and the worker; inert for orders; replaced whole by the live view.
 */

const NOW = Date.UTC(2024, 9, 25, 18, 0, 0);
const SECRET = '6b2f7a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b';

const readCache = (over: Record<string, unknown> = {}) => ({
  mode: 'live',
  user: 'trader@example.com',
  bots,
  openTrades: trades,
  botsAt: NOW - 120_000,
  tradesAt: NOW - 60_000,
  readError: null,
  ...over,
});
const stored = (over: Record<string, unknown> = {}) => ({
  mode: 'live',
  readCache: readCache(),
  settings: { timeZone: 'America/New_York', defaultBot: 1234567, budgetShare: 40, orderReserve: 5 },
  botBindings: { '1234567': { kind: 'symbol', underlying: 'SPX' } },
  rateBudget: { sent: [NOW - 1_000, NOW - 120_000], blockedUntil: null },
  ...over,
});

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({
    now: NOW,
    toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
  });
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('the first-draw cache', () => {
  it('reads the cached rows of the current mode, with what drawing them needs', () => {
    const view = parseFirstDrawCache(stored());
    expect(view).toMatchObject({
      mode: 'live',
      user: 'trader@example.com',
      bots,
      openTrades: trades,
      timeZone: 'America/New_York',
      defaultBot: 1234567,
      bindings: { '1234567': { kind: 'symbol', underlying: 'SPX' } },
    });
    const state = cachedViewState(view ?? never(), NOW);
    expect(state.budget).toEqual({ share: 40, reserve: 5, used: 1, blockedUntil: null });
    // The cache never knows about the secret.
    expect(state.hasSecret).toBe(false);
  });

  it('draws nothing for another mode, a cache never read, or no cache', () => {
    expect(parseFirstDrawCache(stored({ mode: 'paper' }))).toBeNull();
    // No mode stored is Paper: a Live cache is not Paper's.
    expect(parseFirstDrawCache(stored({ mode: undefined }))).toBeNull();
    expect(
      parseFirstDrawCache(stored({ readCache: readCache({ botsAt: null, tradesAt: null }) })),
    ).toBeNull();
    expect(parseFirstDrawCache(stored({ readCache: null }))).toBeNull();
    expect(parseFirstDrawCache({})).toBeNull();
  });

  it.each([
    ['a cache that is not an object', { readCache: 'bots' }],
    ['bots that are not a list', { readCache: readCache({ bots: 'lots' }) }],
    [
      'a trade without its P&L',
      { readCache: readCache({ openTrades: [{ ...trades[0], profitLoss: undefined }] }) },
    ],
    [
      'a trade with a text P&L',
      { readCache: readCache({ openTrades: [{ ...trades[0], profitLoss: '20' }] }) },
    ],
    ['a bot id that is not a whole number', { readCache: readCache({ bots: [{ ...bots[0], id: 1.5 }] }) }],
    ['an unknown mode', { mode: 'demo' }],
    ['a cache of an unknown mode', { readCache: readCache({ mode: 'demo' }) }],
    ['a time that is not a number', { readCache: readCache({ tradesAt: 'now' }) }],
    ['a time zone that is not text', { settings: { timeZone: 5 } }],
    ['a binding to no ticker', { botBindings: { '1234567': { kind: 'symbol', underlying: 'spx; rm' } } }],
    ['a null', null],
    ['a list', []],
  ])('draws nothing from %s, and does not throw', (_name, over) => {
    const raw = over === null || Array.isArray(over) ? over : stored(over as Record<string, unknown>);
    expect(parseFirstDrawCache(raw)).toBeNull();
  });

  it('is one storage read of keys that hold no secret', async () => {
    await fakeBrowser.storage.local.set({
      ...stored(),
      sealedSecret: { iv: 'x', data: SECRET },
      secret: SECRET,
    });
    await fakeBrowser.storage.session.set({ secret: { value: SECRET, savedAt: 1 } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const session = vi.spyOn(fakeBrowser.storage.session, 'get');
    const view = await readFirstDrawCache();
    expect(get).toHaveBeenCalledTimes(1);
    expect(get).toHaveBeenCalledWith([...FIRST_DRAW_KEYS]);
    expect(session).not.toHaveBeenCalled();
    expect(FIRST_DRAW_KEYS.filter((k) => /secret/i.test(k))).toEqual([]);
    expect(JSON.stringify(view)).not.toContain(SECRET);
  });

  it('draws nothing when storage itself fails', async () => {
    vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValue(new Error('IO error'));
    expect(await readFirstDrawCache()).toBeNull();
  });
});

describe('the first draw', () => {
  it('draws the saved trades and bots, marked as saved with their time, before anything connects', async () => {
    await fakeBrowser.storage.local.set(stored());
    const connect = vi.spyOn(fakeBrowser.runtime, 'connect');
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const host = mount();
    const view = await firstDraw(host);
    expect(view).not.toBeNull();
    const root = host.querySelector('[data-first-draw]');
    expect(root?.classList.contains('ct-popup--cached')).toBe(true);
    expect(host.querySelector('[data-mode]')?.textContent).toBe('LIVE');
    expect(host.querySelector('[data-testid="account-user"]')?.textContent).toBe('trader@example.com');
    expect(host.querySelector('[data-testid="cached-note"]')?.textContent).toBe(
      'Saved at ' + formatClock(NOW - 120_000) + ' (2m ago). Orders wait for the live view.',
    );
    const tradeRows = [...host.querySelectorAll('[data-testid="trade-row"]')];
    // Newest first, as the live list.
    expect(tradeRows.map((r) => r.getAttribute('data-trade-id'))).toEqual(['56', '55']);
    expect(tradeRows.every((r) => r.hasAttribute('data-cached'))).toBe(true);
    expect(tradeRows[0]?.querySelector('[data-testid="pnl"]')?.textContent).toBe('-$3.10 (-4.50%)');
    const botRows = [...host.querySelectorAll('[data-testid="bot-row"]')];
    expect(botRows.map((r) => r.getAttribute('data-bot-id'))).toEqual(['1234567', '7654321']);
    expect(botRows[0]?.querySelector('.ct-bot__tag')?.textContent).toBe('default');
    expect(host.querySelector('[data-testid="bot-total"]')?.textContent).toContain('SPX Iron Condor');
    expect(connect).not.toHaveBeenCalled();
    expect(send).not.toHaveBeenCalled();
  });

  it('cannot order: every order button is disabled and a click or Enter sends nothing', async () => {
    await fakeBrowser.storage.local.set(stored());
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    const connect = vi.spyOn(fakeBrowser.runtime, 'connect');
    const host = mount();
    await firstDraw(host);
    const orderButtons = [...host.querySelectorAll('button')].filter((b) =>
      ['Enter', 'Close all', 'Close newest', 'Close oldest', 'Exit', 'Trim', 'Refresh'].includes(
        b.textContent ?? '',
      ),
    );
    expect(orderButtons).toHaveLength(2 * 4 + 2 * 2 + 1);
    for (const b of orderButtons) {
      expect(b.disabled).toBe(true);
      expect(b.title).toBe('Waiting for the live view: nothing is sent from saved rows.');
      // Even a script that enables it finds no listener behind it.
      b.disabled = false;
      b.click();
    }
    for (const input of host.querySelectorAll('input')) {
      expect(input.disabled).toBe(true);
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    }
    expect(send).not.toHaveBeenCalled();
    expect(connect).not.toHaveBeenCalled();
  });

  it('draws "Loading…" and returns nothing from a corrupt cache', async () => {
    await fakeBrowser.storage.local.set(stored({ readCache: readCache({ openTrades: [{ id: 'x' }] }) }));
    const host = mount();
    expect(await firstDraw(host)).toBeNull();
    expect(host.textContent).toBe('Loading…');
    expect(host.querySelector('[data-testid="trade-row"], [data-testid="bot-row"]')).toBeNull();
  });

  it('draws what the live view draws for the same state: same rows, same classes, same words', () => {
    const view = parseFirstDrawCache(stored()) ?? never();
    const first = drawCachedView(view, NOW);
    const live = renderLive({ ...cachedViewState(view, NOW), mode: 'live', hasSecret: true });
    for (const selector of [
      '[data-testid="trade-row"]',
      '[data-testid="bot-row"]',
      '.ct-popup__header .ct-mode',
      '[data-testid="trade-totals"]',
      '[data-testid="trades-refreshed"]',
      '.ct-tabs',
    ]) {
      const a = [...first.querySelectorAll(selector)];
      const b = [...live.querySelectorAll(selector)];
      expect(a.length, selector).toBe(b.length);
      expect(a.length, selector).toBeGreaterThan(0);
      a.forEach((node, i) => {
        const other = b[i] ?? never();
        expect(shape(node), selector).toEqual(shape(other));
        expect(node.textContent, selector).toBe(other.textContent);
      });
    }
    expect([...first.querySelectorAll('.ct-popup__h')].map((n) => n.textContent)).toEqual(
      [...live.querySelectorAll('.ct-popup__h')].map((n) => n.textContent),
    );
  });
});

describe('the live view taking over', () => {
  it('keeps the first draw until the background speaks, then replaces it in one commit with the live rows', async () => {
    await fakeBrowser.storage.local.set(stored());
    const firstView = mount();
    const view = (await firstDraw(firstView)) ?? never();
    const { app, connection, asked } = startPopup(firstView, cachedViewState(view, NOW));
    // Not a second drawing of the saved data: the live view draws nothing yet.
    expect(app.childElementCount).toBe(0);
    expect(firstView.querySelectorAll('[data-cached]').length).toBe(4);

    const seen: number[] = [];
    const observer = new MutationObserver(() =>
      seen.push(document.querySelectorAll('[data-testid="trade-row"], [data-testid="bot-row"]').length),
    );
    observer.observe(document.body, { subtree: true, childList: true });
    const fresh = {
      ...trades[0],
      id: 99,
      enteredAt: '2024-10-25 13:50:00',
      profitLoss: 42,
      percentProfitLoss: 30,
    };
    act(() => {
      connection.state.value = viewState({
        mode: 'live',
        hasSecret: true,
        openTrades: [...trades, fresh] as ViewState['openTrades'],
        settings: { ...viewState().settings, oneClickLive: true },
      });
      connection.live.value = true;
    });
    await Promise.resolve();
    observer.disconnect();
    // One commit: the rows never vanished, and saved and live rows were never shown together.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 5)).toBe(true);
    expect(firstView.childElementCount).toBe(0);
    expect(document.querySelectorAll('[data-cached]').length).toBe(0);
    expect(document.querySelector('[data-testid="cached-note"]')).toBeNull();
    const ids = [...app.querySelectorAll('[data-testid="trade-row"]')].map((r) =>
      r.getAttribute('data-trade-id'),
    );
    expect(ids).toEqual(['99', '56', '55']);

    // Live now: the order buttons order.
    const enter = app.querySelector<HTMLButtonElement>('[data-bot-id="1234567"] .ct-btn--primary') ?? never();
    expect(enter.disabled).toBe(false);
    act(() => enter.click());
    await vi.waitFor(() => expect(asked.filter((r) => r.type === 'order.place')).toHaveLength(1));
  });

  it('shows the saved state itself after a while without the background, order buttons still off', async () => {
    await fakeBrowser.storage.local.set(stored());
    const firstView = mount();
    const view = (await firstDraw(firstView)) ?? never();
    const { app, asked } = startPopup(firstView, cachedViewState(view, NOW));
    expect(app.childElementCount).toBe(0);
    const firstNote = firstView.querySelector('[data-testid="cached-note"]')?.textContent;
    expect(firstNote).toMatch(/^Saved at /);
    act(() => {
      vi.advanceTimersByTime(FIRST_VIEW_HOLD_MS);
    });
    await Promise.resolve();
    expect(firstView.childElementCount).toBe(0);
    expect(app.querySelector('[data-testid="cached-note"]')?.textContent).toBe(firstNote);
    const enter = app.querySelector<HTMLButtonElement>('[data-bot-id="1234567"] .ct-btn--primary') ?? never();
    expect(enter.disabled).toBe(true);
    expect(enter.title).toBe('Waiting for the live view: nothing is sent from saved rows.');
    enter.disabled = false;
    enter.click();
    await Promise.resolve();
    expect(asked.filter((r) => r.type === 'order.place')).toHaveLength(0);
  });
});

function never(): never {
  throw new Error('expected a value');
}

/** Tags and classes of a subtree, in document order: what its layout is made of. */
function shape(node: Element): string[] {
  return [node, ...node.querySelectorAll('*')].map(
    (n) => `${n.tagName.toLowerCase()}.${[...n.classList].sort().join('.')}`,
  );
}

function fakeAsk(asked: Request[]): Ask {
  return (async (request: Request) => {
    asked.push(request);
    if (request.type === 'order.place') return placed();
    if (request.type === 'order.check') return { status: 'ready' };
    throw new Error(`unexpected ${request.type}`);
  }) as Ask;
}

function startPopup(firstView: HTMLElement, initial: ViewState) {
  const connection = {
    state: signal<ViewState | null>(initial),
    live: signal(false),
    chart: signal(null),
    close: () => {},
  } satisfies ViewConnection;
  const asked: Request[] = [];
  const popup = createPopupState({ connection, ask: fakeAsk(asked), settleMs: 0 });
  const app = mount();
  act(() => {
    render(h(PopupApp, { state: popup, firstView }), app);
  });
  return { app, connection, asked };
}

function renderLive(state: ViewState): HTMLElement {
  const connection: ViewConnection = {
    state: signal(state),
    live: signal(true),
    chart: signal(null),
    close: () => {},
  };
  const popup = createPopupState({ connection, ask: fakeAsk([]), settleMs: 0 });
  const app = mount();
  act(() => {
    render(h(PopupApp, { state: popup }), app);
  });
  return app;
}
