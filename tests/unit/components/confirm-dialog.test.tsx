import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfirmDialog, OrderConfirmation } from '@/components/confirm-dialog';
import { createOrderSender, type PlaceOrderRequest } from '@/components/order-sender';
import { summarizeOrder } from '@/components/order-summary';
import { botId, type Order, tradeId } from '@/lib/api/types';
import type { OrderReply } from '@/lib/messaging/protocol';
import { bots, button, mount, placed, trades } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

const context = { bots, trades };
const legs: Order = {
  kind: 'enterLegs',
  bot: botId(1234567),
  legs: [
    { symbol: 'SPY', quantity: 1, expiration: '2025-03-21', type: 'call', strike: 600 },
    { symbol: 'SPY', quantity: -1, expiration: '2025-03-21', type: 'call', strike: 605 },
  ],
};

function liveSender(replies: OrderReply[] = [placed()]) {
  const sent: PlaceOrderRequest[] = [];
  const sender = createOrderSender({
    from: 'popup',
    needsConfirmation: () => true,
    place: async (r) => {
      sent.push(r);
      return replies.shift() ?? placed();
    },
  });
  return { sender, sent };
}

describe('summarizeOrder', () => {
  it('names mode, bot, legs as buy/sell, trade, close rule and trim', () => {
    expect(summarizeOrder(legs, 'live', context).rows).toEqual([
      { label: 'Mode', value: 'LIVE: sent to your broker' },
      { label: 'Bot', value: 'SPX Iron Condor (#1234567)' },
      { label: 'Leg 1', value: 'Buy 1 SPY 2025-03-21 600 call' },
      { label: 'Leg 2', value: 'Sell 1 SPY 2025-03-21 605 call' },
    ]);
    expect(
      summarizeOrder({ kind: 'trimTrade', trade: tradeId(55), trim: 50 }, 'paper', context).rows,
    ).toEqual([
      { label: 'Mode', value: 'PAPER: simulated, nothing is sent' },
      { label: 'Trade', value: 'SPX IRON CONDOR (#55)' },
      { label: 'Trim', value: '50% (rounds up: on a 1-lot this closes the whole trade)' },
    ]);
    expect(
      summarizeOrder({ kind: 'closeBot', bot: botId(7654321), close: 'oldest' }, 'live', context).rows[2],
    ).toEqual({ label: 'Close rule', value: 'its oldest trade' });
  });
});

describe('ConfirmDialog', () => {
  it('is a labelled modal dialog that shows the exact body and never the secret', () => {
    const root = mount();
    const onConfirm = vi.fn();
    const onCancel = vi.fn();
    const call = { method: 'POST' as const, path: 'exit', body: { trade: 55, trim: 50 } };
    act(() => {
      render(
        <ConfirmDialog
          title="Trim 50%"
          mode="live"
          rows={[]}
          call={call}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />,
        root,
      );
    });
    const dialog = root.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toContain(
      'Trim 50%',
    );
    expect(root.querySelector('[data-testid="request-body"]')?.textContent).toBe(
      JSON.stringify({ trade: 55, trim: 50 }, null, 2),
    );
    expect(root.textContent).toContain('POST https://app.optionsautotrader.com/webhook/{secret}/exit');
    expect(document.activeElement).toBe(button(root, 'Confirm'));
    act(() => {
      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    });
    expect(document.activeElement).toBe(button(root, 'Cancel'));
    act(() => {
      dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(onCancel).toHaveBeenCalledTimes(1);
    act(() => button(root, 'Confirm').click());
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});

describe('OrderConfirmation', () => {
  it('shows what a Live order will send and sends it once however often Confirm is clicked', async () => {
    const root = mount();
    const { sender, sent } = liveSender();
    act(() => {
      render(<OrderConfirmation sender={sender} mode="live" context={context} />, root);
    });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    await act(() => sender.send(legs));
    const body = JSON.parse(root.querySelector('[data-testid="request-body"]')?.textContent ?? '{}');
    expect(body).toEqual({ bot: 1234567, legs: legs.kind === 'enterLegs' ? legs.legs : [] });
    expect(root.textContent).toContain('Sell 1 SPY 2025-03-21 605 call');
    await act(async () => {
      button(root, 'Confirm').click();
      root.querySelector<HTMLButtonElement>('.ct-btn--primary')?.click();
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ order: legs, confirmed: true });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('asks "send again?" on a repeat hold and Cancel sends nothing more', async () => {
    const root = mount();
    const sent: PlaceOrderRequest[] = [];
    const sender = createOrderSender({
      from: 'popup',
      needsConfirmation: () => false,
      place: async (r) => {
        sent.push(r);
        return { status: 'held', reason: 'repeat', message: 'Sent 3 s ago.' };
      },
    });
    act(() => {
      render(<OrderConfirmation sender={sender} mode="paper" context={context} />, root);
    });
    await act(() => sender.send({ kind: 'exitTrade', trade: tradeId(55) }));
    expect(root.textContent).toContain('The same order was sent seconds ago: send it again?');
    expect(root.textContent).toContain('Sent 3 s ago.');
    act(() => button(root, 'Cancel').click());
    expect(sent).toHaveLength(1);
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });
});
