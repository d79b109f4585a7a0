// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { createOrderSender, NO_ANSWER_MESSAGE, type PlaceOrderRequest } from '@/components/order-sender';
import { botId, type Order } from '@/lib/api/types';
import type { OrderCheck, OrderReply } from '@/lib/messaging/protocol';
import { deferred, placed } from './fixtures';

const enter: Order = { kind: 'enterBot', bot: botId(1234567) };

function setup(
  options: { live?: boolean; replies?: (OrderReply | Promise<OrderReply>)[]; check?: OrderCheck } = {},
) {
  const sent: PlaceOrderRequest[] = [];
  const checked: Order[] = [];
  const replies = [...(options.replies ?? [])];
  const sender = createOrderSender({
    from: 'popup',
    needsConfirmation: () => Boolean(options.live),
    place: async (request) => {
      sent.push(request);
      const next = replies.shift();
      if (!next) throw new Error('no reply queued');
      return next;
    },
    check: async (request) => {
      checked.push(request.order);
      return options.check ?? { status: 'ready' };
    },
  });
  return { sender, sent, checked };
}

describe('order sender: the guard token', () => {
  it('confirms against the state its check saw, and asks again when the background says it changed', async () => {
    const repeat: OrderReply = {
      status: 'held',
      reason: 'repeat',
      message: 'The same order was sent 1 s ago. Send it again?',
      guardToken: 't2',
    };
    const { sender, sent } = setup({
      live: true,
      check: { status: 'ready', guardToken: 't1' },
      replies: [repeat, placed()],
    });
    await sender.send(enter);
    await sender.confirm();
    expect(sent[0]).toMatchObject({ confirmed: true, guardToken: 't1' });
    // Another view sent it meanwhile: asked again, with the background's words and its new token.
    expect(sender.confirmation.value).toMatchObject({
      reason: 'repeat',
      note: repeat.message,
      guardToken: 't2',
    });
    await sender.confirm();
    expect(sent[1]).toMatchObject({ confirmed: true, guardToken: 't2' });
    expect(sent).toHaveLength(2);
  });
});

describe('order sender', () => {
  it('sends a Paper order at once, and a second click while it is in flight sends nothing', async () => {
    const answer = deferred<OrderReply>();
    const { sender, sent } = setup({ replies: [answer.promise] });
    const first = sender.send(enter);
    const second = sender.send(enter);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({ type: 'order.place', order: enter, from: 'popup', confirmed: false });
    expect(sender.isBusy(enter, [])).toBe(true);
    answer.resolve(placed());
    await Promise.all([first, second]);
    expect(sent).toHaveLength(1);
    expect(sender.isBusy(enter, [])).toBe(false);
    const result = sender.result.value;
    expect(result && 'reply' in result && result.reply.status).toBe('placed');
  });

  it('treats an order the background has in flight as busy', () => {
    const { sender } = setup();
    expect(sender.isBusy(enter, ['enter:1234567'])).toBe(true);
    expect(sender.isBusy(enter, ['enter:1'])).toBe(false);
  });

  it('asks before a Live order and sends it confirmed, once, on Confirm', async () => {
    const { sender, sent } = setup({ live: true, replies: [placed()] });
    await sender.send(enter);
    expect(sent).toHaveLength(0);
    expect(sender.confirmation.value).toEqual({ order: enter, reason: 'live', note: null });
    await Promise.all([sender.confirm(), sender.confirm()]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.confirmed).toBe(true);
    expect(sender.confirmation.value).toBeNull();
  });

  it('asks the background before a Live confirmation, and says when it is a repeat', async () => {
    const note = 'The same order was sent 2 s ago. Send it again?';
    const { sender, sent, checked } = setup({
      live: true,
      replies: [placed()],
      check: { status: 'held', reason: 'repeat', message: note },
    });
    await sender.send(enter);
    expect(checked).toEqual([enter]);
    expect(sender.confirmation.value).toEqual({ order: enter, reason: 'repeat', note });
    await sender.confirm();
    expect(sent.map((r) => r.confirmed)).toEqual([true]);
  });

  it('shows what would hold a Live order instead of confirming it for nothing', async () => {
    const { sender, sent } = setup({
      live: true,
      check: { status: 'held', reason: 'blocked', message: 'Cooling down', until: 1 },
    });
    await sender.send(enter);
    expect(sender.confirmation.value).toBeNull();
    expect(sent).toHaveLength(0);
    expect(sender.result.value).toMatchObject({ reply: { status: 'held', reason: 'blocked' } });
  });

  it('sends nothing when the trader cancels, and says so', async () => {
    const { sender, sent } = setup({ live: true });
    await sender.send(enter);
    sender.cancel();
    expect(sent).toHaveLength(0);
    expect(sender.result.value).toMatchObject({ order: enter, cancelled: true });
  });

  it('asks "send again?" when the background holds a repeat, then resends with confirmed', async () => {
    const repeat: OrderReply = {
      status: 'held',
      reason: 'repeat',
      message: 'The same order was sent 4 s ago.',
    };
    const { sender, sent } = setup({ replies: [repeat, placed()] });
    await sender.send(enter);
    expect(sender.confirmation.value).toMatchObject({
      reason: 'repeat',
      note: 'The same order was sent 4 s ago.',
    });
    expect(sender.result.value).toBeNull();
    await sender.confirm();
    expect(sent.map((r) => r.confirmed)).toEqual([false, true]);
  });

  it('shows a 429 hold as the result without asking', async () => {
    const blocked: OrderReply = { status: 'held', reason: 'blocked', message: 'Rate limited.', until: 99 };
    const { sender } = setup({ replies: [blocked] });
    await sender.send(enter);
    expect(sender.confirmation.value).toBeNull();
    expect(sender.result.value).toMatchObject({ reply: blocked });
  });

  it('stops waiting after the timeout and calls the outcome unknown instead of spinning', async () => {
    vi.useFakeTimers();
    try {
      const sender = createOrderSender({
        from: 'popup',
        needsConfirmation: () => false,
        place: () => new Promise<OrderReply>(() => {}),
        answerTimeoutMs: 1000,
      });
      const sending = sender.send(enter);
      expect(sender.isBusy(enter, [])).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
      await sending;
      expect(sender.isBusy(enter, [])).toBe(false);
      expect(sender.result.value).toMatchObject({ failure: NO_ANSWER_MESSAGE });
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes the chart symbol when the view has one', async () => {
    const sent: PlaceOrderRequest[] = [];
    const sender = createOrderSender({
      from: 'overlay',
      needsConfirmation: () => false,
      chartSymbol: () => 'SPY',
      place: async (r) => {
        sent.push(r);
        return placed();
      },
    });
    await sender.send(enter);
    expect(sent[0]).toMatchObject({ from: 'overlay', chartSymbol: 'SPY' });
  });
});
