import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildLegOrder, emptyLeg } from '@/components/legs';
import { OrderTicket } from '@/components/order-ticket';
import { botId, type Order } from '@/lib/api/types';
import { bots, button, labelled, mount, type } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

// Wednesday 2025-03-19, 11:00 in New York: the default expiration is Friday 2025-03-21.
const now = Date.UTC(2025, 2, 19, 15, 0);

function renderEntry(busy: (o: Order) => boolean = () => false) {
  const root = mount();
  const onOrder = vi.fn();
  act(() => {
    render(
      <OrderTicket
        bots={bots}
        bindings={{}}
        defaultBot={botId(1234567)}
        now={now}
        onOrder={onOrder}
        isBusy={busy}
      />,
      root,
    );
  });
  return { root, onOrder };
}

const legFields = (root: HTMLElement, index: number) => {
  const leg = root.querySelectorAll('[data-testid="leg"]')[index] as HTMLElement;
  return {
    leg,
    side: labelled(leg, 'Side') as unknown as HTMLSelectElement,
    contracts: labelled(leg, 'Contracts'),
    symbol: labelled(leg, 'Symbol'),
    expiration: labelled(leg, 'Expiration'),
    type: labelled(leg, 'Type') as unknown as HTMLSelectElement,
    strike: labelled(leg, 'Strike'),
  };
};

describe('legs', () => {
  it('turns buy/sell and contracts into the signed quantity of the contract', () => {
    const { order, problems } = buildLegOrder(botId(1), [
      { ...emptyLeg('spy', '2025-03-21'), strike: '600' },
      { ...emptyLeg('SPY', '2025-03-21'), side: 'sell', contracts: '2', strike: '605' },
    ]);
    expect(problems).toEqual([]);
    expect(order).toEqual({
      kind: 'enterLegs',
      bot: 1,
      legs: [
        { symbol: 'SPY', quantity: 1, expiration: '2025-03-21', type: 'call', strike: 600 },
        { symbol: 'SPY', quantity: -2, expiration: '2025-03-21', type: 'call', strike: 605 },
      ],
    });
  });

  it("reports every wrong field in the builder's own terms", () => {
    const { order, problems } = buildLegOrder(null, [
      { symbol: '', side: 'buy', contracts: '0', expiration: '2025-02-30', type: 'put', strike: '' },
    ]);
    expect(order).toBeNull();
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['bot', 'legs.0.contracts', 'legs.0.expiration', 'legs.0.strike', 'legs.0.symbol'].sort(),
    );
  });
});

describe('OrderTicket in the popup', () => {
  it('shows no problems on an empty form, then inline problems as the trader types', () => {
    const { root } = renderEntry();
    expect(root.querySelectorAll('.ct-field-error')).toHaveLength(0);
    const f = legFields(root, 0);
    act(() => type(f.contracts, '0'));
    const contractsError = document.getElementById(f.contracts.getAttribute('aria-describedby') ?? '');
    expect(f.contracts.getAttribute('aria-invalid')).toBe('true');
    expect(contractsError?.textContent).toBe('Contracts is a whole number, 1 or more.');
    expect(root.textContent).toContain('Enter the underlying symbol, e.g. SPY.');
    expect(root.textContent).toContain('Strike is a price above 0.');
    expect(root.querySelector('[data-testid="request-preview"]')).toBeNull();
  });

  it('shows the exact request for a 2-leg vertical and sends exactly that order', () => {
    const { root, onOrder } = renderEntry();
    act(() => type(labelled(root, 'Underlying'), 'spy'));
    act(() => type(labelled(root, 'Underlying price'), '600'));
    act(() => type(labelled(root, 'Width'), '5'));
    act(() => button(root, 'Call debit spread').click());
    expect(root.querySelectorAll('[data-testid="leg"]')).toHaveLength(2);
    const body = root.querySelector('[data-testid="request-body"]')?.textContent ?? '';
    expect(JSON.parse(body)).toEqual({
      bot: 1234567,
      legs: [
        { symbol: 'SPY', quantity: 1, expiration: '2025-03-21', type: 'call', strike: 600 },
        { symbol: 'SPY', quantity: -1, expiration: '2025-03-21', type: 'call', strike: 605 },
      ],
    });
    expect(root.querySelector('[data-testid="request-preview"]')?.textContent).toContain(
      'POST https://app.optionsautotrader.com/webhook/{secret}/enter',
    );
    act(() => button(root, 'Send legs').click());
    expect(onOrder).toHaveBeenCalledTimes(1);
    const sent = onOrder.mock.calls[0]?.[0] as Extract<Order, { kind: 'enterLegs' }>;
    expect(sent.legs.map((l) => l.quantity)).toEqual([1, -1]);
  });

  it('checks dates in the format the field shows, refuses past expirations and futures symbols', () => {
    const { root, onOrder } = renderEntry();
    const f = legFields(root, 0);
    // The field shows YYYY-MM-DD (text, not a locale date picker), and so does every message about it.
    expect(f.expiration.getAttribute('type')).toBe('text');
    expect(f.expiration.getAttribute('placeholder')).toBe('YYYY-MM-DD');
    act(() => type(f.symbol, 'spy'));
    act(() => type(f.strike, '600'));
    act(() => type(f.expiration, '03/21/2025'));
    const dateError = () =>
      document.getElementById(
        (f.expiration.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .find((id) => id.endsWith('-error')) ?? '',
      )?.textContent ?? '';
    expect(f.expiration.getAttribute('aria-invalid')).toBe('true');
    expect(dateError()).toContain('YYYY-MM-DD');
    expect(dateError()).not.toMatch(/mm\/dd/i);
    act(() => type(f.expiration, '2020-01-17'));
    expect(dateError()).toContain('2020-01-17 is in the past');
    act(() => type(f.expiration, '2025-03-21'));
    act(() => type(f.symbol, 'ES1!'));
    expect(root.textContent).toContain('ES1! is a continuous future');
    act(() => button(root, 'Send legs').click());
    expect(onOrder).not.toHaveBeenCalled();
  });

  it('edits a leg field by field: sell, contracts, put, date', () => {
    const { root } = renderEntry();
    const f = legFields(root, 0);
    act(() => type(f.symbol, 'qqq'));
    act(() => type(f.side, 'sell', 'change'));
    act(() => type(f.contracts, '3'));
    act(() => type(f.type, 'put', 'change'));
    act(() => type(f.expiration, '2025-04-17'));
    act(() => type(f.strike, '480.5'));
    const body = JSON.parse(root.querySelector('[data-testid="request-body"]')?.textContent ?? '{}');
    expect(body.legs).toEqual([
      { symbol: 'QQQ', quantity: -3, expiration: '2025-04-17', type: 'put', strike: 480.5 },
    ]);
  });

  it('needs a price and width for a template, and allows at most 4 legs', () => {
    const { root } = renderEntry();
    act(() => type(labelled(root, 'Underlying'), 'SPY'));
    act(() => type(labelled(root, 'Underlying price'), ''));
    act(() => button(root, 'Iron condor').click());
    expect(root.textContent).toContain('Type the underlying price and a width above 0 first.');
    act(() => type(labelled(root, 'Underlying price'), '500'));
    act(() => button(root, 'Iron condor').click());
    expect(root.querySelectorAll('[data-testid="leg"]')).toHaveLength(4);
    expect(button(root, 'Add leg').disabled).toBe(true);
    act(() => button(root, 'Remove leg 4').click());
    expect(root.querySelectorAll('[data-testid="leg"]')).toHaveLength(3);
    expect(button(root, 'Add leg').disabled).toBe(false);
  });

  it('does not send an invalid order, and greys Send while the same order is in flight', () => {
    const { root, onOrder } = renderEntry();
    act(() => button(root, 'Send legs').click());
    expect(onOrder).not.toHaveBeenCalled();
    document.body.innerHTML = '';
    const busy = renderEntry(() => true);
    act(() => type(labelled(busy.root, 'Underlying'), 'SPY'));
    act(() => type(legFields(busy.root, 0).strike, '600'));
    expect(button(busy.root, 'Send legs').disabled).toBe(true);
  });
});
