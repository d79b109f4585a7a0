import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BotList, BotPicker } from '@/components/bot-row';
import { sortNewestFirst } from '@/components/format';
import { PNL_OLD_MS, PnlAge, pnlAge } from '@/components/pnl-age';
import { TradeList, TradeRow } from '@/components/trade-row';
import { botId, type Order, tradeId } from '@/lib/api/types';
import { bots, button, buttons, mount, trades, type } from './fixtures';

const [winner, loser] = trades as [(typeof trades)[0], (typeof trades)[0]];
const now = new Date(2024, 9, 25, 13, 25, 1).getTime();

afterEach(() => {
  document.body.innerHTML = '';
});

function renderRow(props: { busy?: (o: Order) => boolean; disabledReason?: string | null } = {}) {
  const root = mount();
  const onOrder = vi.fn();
  act(() => {
    render(
      <ul>
        <TradeRow
          trade={winner}
          now={now}
          onOrder={onOrder}
          isBusy={props.busy ?? (() => false)}
          disabledReason={props.disabledReason ?? null}
        />
      </ul>,
      root,
    );
  });
  return { root, onOrder };
}

describe('TradeRow', () => {
  it('shows symbol, strategy, entered at as given with its age, entry price and signed, coloured P&L', () => {
    const { root } = renderRow();
    expect(root.textContent).toContain('SPX');
    expect(root.textContent).toContain('IRON CONDOR');
    expect(root.querySelector('[data-testid="entered-at"]')?.textContent).toBe('2024-10-25 10:20:01');
    expect(root.querySelector('[data-testid="age"]')?.textContent).toContain('3h 5m ago');
    expect(root.textContent).toContain('Entry $12.50');
    const pnl = root.querySelector('[data-testid="pnl"]');
    expect(pnl?.textContent).toBe('+$20.20 (+20.0%)');
    expect(pnl?.classList.contains('ct-gain')).toBe(true);
  });

  it('colours a loss red with a minus sign', () => {
    const root = mount();
    act(() => {
      render(
        <ul>
          <TradeRow trade={loser} now={now} onOrder={() => {}} isBusy={() => false} />
        </ul>,
        root,
      );
    });
    const pnl = root.querySelector('[data-testid="pnl"]');
    expect(pnl?.textContent).toBe('-$3.10 (-4.50%)');
    expect(pnl?.classList.contains('ct-loss')).toBe(true);
  });

  it('Exit closes the whole trade; Trim sends the typed percentage and says it rounds up', () => {
    const { root, onOrder } = renderRow();
    act(() => button(root, 'Exit').click());
    expect(onOrder).toHaveBeenLastCalledWith({ kind: 'exitTrade', trade: tradeId(55) });
    const trim = root.querySelector('input[type="number"]') as HTMLInputElement;
    act(() => type(trim, '30'));
    act(() => button(root, 'Trim').click());
    expect(onOrder).toHaveBeenLastCalledWith({ kind: 'trimTrade', trade: tradeId(55), trim: 30 });
    expect(root.textContent).toContain('rounds up');
  });

  it('refuses a trim outside 1-100 before anything is sent', () => {
    const { root, onOrder } = renderRow();
    const trim = root.querySelector('input[type="number"]') as HTMLInputElement;
    act(() => type(trim, '150'));
    expect(button(root, 'Trim').disabled).toBe(true);
    expect(trim.getAttribute('aria-invalid')).toBe('true');
    act(() => button(root, 'Trim').click());
    expect(onOrder).not.toHaveBeenCalled();
  });

  it('disables only the button whose order is in flight', () => {
    const { root } = renderRow({ busy: (o) => o.kind === 'exitTrade' });
    expect(button(root, 'Exit').disabled).toBe(true);
    expect(button(root, 'Trim').disabled).toBe(false);
  });

  it('disables everything with the reason during a block', () => {
    const { root } = renderRow({ disabledReason: 'Rate limited' });
    expect(button(root, 'Exit').disabled).toBe(true);
    expect(button(root, 'Exit').title).toBe('Rate limited');
    expect(button(root, 'Trim').disabled).toBe(true);
  });
});

describe('TradeList', () => {
  it('lists newest first and says when it was last refreshed', () => {
    const root = mount();
    act(() => {
      render(
        <TradeList
          trades={trades}
          now={now}
          refreshedAt={Date.now() - 12_000}
          onOrder={() => {}}
          isBusy={() => false}
        />,
        root,
      );
    });
    const ids = [...root.querySelectorAll('[data-testid="trade-row"]')].map((r) =>
      r.getAttribute('data-trade-id'),
    );
    expect(ids).toEqual(['56', '55']);
    // The age runs on its own clock from the read time (the list's `now` may be older).
    expect(root.querySelector('[data-testid="trades-refreshed"]')?.textContent).toMatch(
      /^P&L as of 1[23] s ago$/,
    );
  });

  it('says how old the P&L is, to the second under a minute, and marks it once it is old', () => {
    expect(pnlAge(now - 8_400, now)).toBe('8 s ago');
    expect(pnlAge(now + 2_000, now)).toBe('0 s ago');
    expect(pnlAge(now - 59_999, now)).toBe('59 s ago');
    expect(pnlAge(now - 3 * 60_000 - 5_000, now)).toBe('3 min ago');
    expect(pnlAge(now - 2 * 3_600_000 - 5 * 60_000, now)).toBe('2h 5m ago');
    const root = mount();
    const age = () => root.querySelector('[data-testid="trades-refreshed"]');
    act(() => render(<PnlAge readAt={Date.now() - 5_000} />, root));
    expect(age()?.classList.contains('ct-trades__refreshed--old')).toBe(false);
    act(() => render(<PnlAge readAt={Date.now() - PNL_OLD_MS - 2_000} />, root));
    expect(age()?.textContent).toMatch(/^P&L as of 3[123] s ago$/);
    expect(age()?.classList.contains('ct-trades__refreshed--old')).toBe(true);
    act(() => render(<PnlAge readAt={null} />, root));
    expect(age()?.textContent).toBe('Not refreshed yet');
  });

  it('puts unreadable times last', () => {
    const odd = { ...winner, id: tradeId(99), enteredAt: 'n/a' };
    expect(sortNewestFirst([odd, winner, loser]).map((t) => t.id)).toEqual([56, 55, 99]);
  });
});

describe('BotList', () => {
  it('shows name, strategy, broker and id; Enter and the close rules keep plain names described by the bot', () => {
    const root = mount();
    const onOrder = vi.fn();
    act(() => {
      render(<BotList bots={bots} onOrder={onOrder} isBusy={() => false} />, root);
    });
    const first = root.querySelector('[data-bot-id="1234567"]') as HTMLElement;
    expect(first.textContent).toContain('SPX Iron Condor');
    expect(first.textContent).toContain('IRON CONDOR · TastyTrade · #1234567');
    expect(root.querySelector('[data-bot-id="7654321"]')?.textContent).not.toContain('undefined');
    expect(buttons(root, 'Enter')).toHaveLength(2);
    const enter = button(first, 'Enter');
    const described = document.getElementById(enter.getAttribute('aria-describedby') ?? '');
    expect(described?.textContent).toBe('SPX Iron Condor');
    act(() => enter.click());
    expect(onOrder).toHaveBeenLastCalledWith({ kind: 'enterBot', bot: botId(1234567) });
    for (const [name, close] of [
      ['Close all', 'all'],
      ['Close newest', 'newest'],
      ['Close oldest', 'oldest'],
    ] as const) {
      act(() => button(first, name).click());
      expect(onOrder).toHaveBeenLastCalledWith({ kind: 'closeBot', bot: botId(1234567), close });
    }
  });
});

describe('BotPicker', () => {
  it('is a labelled choice that reports the picked bot id', () => {
    const root = mount();
    const onChange = vi.fn();
    act(() => {
      render(<BotPicker bots={bots} value={null} onChange={onChange} />, root);
    });
    const select = root.querySelector('select') as HTMLSelectElement;
    expect(root.querySelector(`label[for="${select.id}"]`)?.textContent).toBe('Bot');
    act(() => type(select, '7654321', 'change'));
    expect(onChange).toHaveBeenLastCalledWith(7654321);
  });
});
