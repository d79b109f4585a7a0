import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderResult } from '@/components/order-sender';
import { BudgetLine, CLEAR_BLOCK_WARNING, ResultLine } from '@/components/result-line';
import { MAYBE_PLACED, UNKNOWN_OUTCOME } from '@/lib/api/outcome-words';
import { botId, type Order } from '@/lib/api/types';
import type { OrderReply } from '@/lib/messaging/protocol';
import { bots, mount, placed, trades } from './fixtures';

const order: Order = { kind: 'enterBot', bot: botId(1234567) };
const context = { bots, trades };
const T0 = new Date(2025, 2, 19, 10, 0, 0).getTime();

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

function show(reply: OrderReply): HTMLElement {
  const root = mount();
  const result: OrderResult = { order, at: T0, reply };
  act(() => {
    render(<ResultLine result={result} context={context} />, root);
  });
  return root;
}

describe('ResultLine', () => {
  it('shows the request id of a placed order', () => {
    const root = show(placed('11111111-2222-3333-4444-555555555555'));
    expect(root.querySelector('[data-testid="request-id"]')?.textContent).toBe(
      '11111111-2222-3333-4444-555555555555',
    );
    expect(root.textContent).toContain('Enter SPX Iron Condor (#1234567): sent.');
    expect(root.querySelector('[role="status"]')).not.toBeNull();
  });

  it('shows reason and message of a refusal', () => {
    const root = show({
      status: 'refused',
      message: 'Refused by Options Auto Trader.',
      journalId: 'j',
      error: {
        kind: 'rejected',
        message: 'x',
        reason: 'Invalid asset',
        detail: 'Bot not enabled for trade entries',
      },
    });
    expect(root.querySelector('[data-testid="refusal"]')?.textContent).toBe(
      'Invalid asset: Bot not enabled for trade entries',
    );
  });

  it('falls back to our own message when the API gave no reason (e.g. a 401)', () => {
    const root = show({
      status: 'refused',
      message: 'Refused',
      journalId: 'j',
      error: { kind: 'unauthorized', status: 401, message: 'The secret was not accepted (401).' },
    });
    expect(root.querySelector('[data-testid="refusal"]')?.textContent).toBe(
      'The secret was not accepted (401).',
    );
  });

  it('says an unknown outcome is unknown and points to open trades', () => {
    const root = show({ status: 'unknown', message: 'No answer in 15 s.', journalId: 'j' });
    expect(root.textContent).toContain('No answer in 15 s.');
    expect(root.textContent).toContain(MAYBE_PLACED);
  });

  it('says the unknown-outcome warning once, however many layers added it (issue 15)', () => {
    // What the background answers after a 500 on an order: its own words around the API's message.
    const apiMessage = `The server had a problem (HTTP 500) while taking the order. ${MAYBE_PLACED} If it persists, contact support.`;
    const root = show({ status: 'unknown', message: `Outcome unknown. ${apiMessage}`, journalId: 'j' });
    const text = root.textContent ?? '';
    expect(text.split(MAYBE_PLACED)).toHaveLength(2);
    expect(text.match(/unknown/gi)).toHaveLength(1);
    const bare = show({ status: 'unknown', message: UNKNOWN_OUTCOME, journalId: 'j' });
    expect((bare.textContent ?? '').split(MAYBE_PLACED)).toHaveLength(2);
  });

  it('counts a 429 block down to zero and then says it is over', () => {
    const root = show({ status: 'held', reason: 'blocked', message: 'Blocked.', until: T0 + 65_000 });
    expect(root.querySelector('[data-testid="countdown"]')?.textContent).toContain('1:05');
    act(() => {
      vi.advanceTimersByTime(5_000);
    });
    expect(root.querySelector('[data-testid="countdown"]')?.textContent).toContain('1:00');
    act(() => {
      vi.advanceTimersByTime(61_000);
    });
    expect(root.querySelector('[data-testid="countdown"]')).toBeNull();
    expect(root.querySelector('[data-testid="countdown-over"]')).not.toBeNull();
  });

  it('lists the fields of an invalid order', () => {
    const root = show({
      status: 'held',
      reason: 'invalid',
      message: 'Not sent: fix the order.',
      error: {
        kind: 'invalid',
        message: 'x',
        fields: [{ field: 'legs.0.strike', message: 'Strike is a price above 0.' }],
      },
    });
    expect(root.querySelector('li')?.textContent).toBe('legs.0.strike: Strike is a price above 0.');
  });
});

describe('BudgetLine', () => {
  it('shows use of the share, or the block countdown while reads and orders are held', () => {
    const root = mount();
    act(() => {
      render(<BudgetLine budget={{ share: 50, reserve: 10, used: 7, blockedUntil: null }} />, root);
    });
    expect(root.textContent).toBe('7/50 requests in the last minute');
    act(() => {
      render(<BudgetLine budget={{ share: 50, reserve: 10, used: 7, blockedUntil: T0 + 300_000 }} />, root);
    });
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(
      'Rate limited (429): reads and orders are held for 5:00',
    );
  });
});

describe('BudgetLine: clearing the block by hand', () => {
  it('warns first, and clears only on the second, explicit click', () => {
    const root = mount();
    const clear = vi.fn();
    const budget = { share: 50, reserve: 10, used: 7, blockedUntil: T0 + 300_000 };
    act(() => {
      render(<BudgetLine budget={budget} onClearBlock={clear} />, root);
    });
    const open = root.querySelector<HTMLButtonElement>('[data-testid="clear-block"]');
    expect(open?.textContent).toContain('Clear the block');
    act(() => open?.click());
    expect(clear).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid="clear-block-warning"]')?.textContent).toContain(
      CLEAR_BLOCK_WARNING,
    );
    act(() => root.querySelector<HTMLButtonElement>('[data-testid="clear-block-confirm"]')?.click());
    expect(clear).toHaveBeenCalledTimes(1);
    // The overlay passes no handler: no button there.
    act(() => {
      render(<BudgetLine budget={budget} />, root);
    });
    expect(root.querySelector('[data-testid="clear-block"]')).toBeNull();
  });
});

describe('ResultLine after a 429', () => {
  it('counts the block down beside the refusal, without repeating a reason the message repeats', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const root = mount();
    const result: OrderResult = {
      order,
      at: T0,
      reply: {
        status: 'refused',
        message: 'Rate limited',
        journalId: 'j',
        error: {
          kind: 'rateLimited',
          status: 429,
          message: 'x',
          reason: 'Too Many Requests',
          detail: 'Too Many Requests',
        },
      },
    };
    act(() => {
      render(<ResultLine result={result} context={context} blockedUntil={T0 + 300_000} />, root);
    });
    expect(root.querySelector('[data-testid="refusal"]')?.textContent).toBe('Too Many Requests');
    expect(root.querySelector('[data-testid="countdown"]')?.textContent).toContain('5:00');
  });
});
