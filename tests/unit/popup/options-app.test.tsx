import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type Ask, OptionsApp, secretAge } from '@/entrypoints/options/app';
import type { Request, ViewState } from '@/lib/messaging/protocol';
import { button, labelled, mount, type, viewState } from '../components/fixtures';

const GOOD = 'abcdef12-3456-7890-abcd-ef1234567890';

afterEach(() => {
  document.body.innerHTML = '';
});

async function setup(initial: ViewState, answers: Partial<Record<Request['type'], unknown>> = {}) {
  let state = initial;
  const asked: Request[] = [];
  const ask = (async (request: Request) => {
    asked.push(request);
    if (request.type in answers) {
      const answer = answers[request.type];
      if (answer instanceof Error) throw answer;
      return answer;
    }
    switch (request.type) {
      case 'state.get':
        return state;
      case 'settings.update':
        state = { ...state, settings: { ...state.settings, ...(request.patch as object) } };
        return state;
      case 'connection.saveSecret':
        state = {
          ...state,
          hasSecret: true,
          secretSavedAt: Date.now(),
          secretSessionOnly: request.sessionOnly,
        };
        return state;
      case 'connection.setMode':
        state = { ...state, mode: request.mode };
        return state;
      case 'bindings.set': {
        const { [String(request.bot)]: _old, ...rest } = state.bindings;
        state = { ...state, bindings: request.binding ? { ...rest, [request.bot]: request.binding } : rest };
        return state;
      }
      default:
        throw new Error(`unexpected ${request.type}`);
    }
  }) as Ask;
  const root = mount();
  await act(async () => {
    render(<OptionsApp ask={ask} />, root);
  });
  await act(async () => {});
  return { root, asked };
}

const settle = () =>
  act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });

describe('options page', () => {
  it('checks the secret as it is typed, masked, with a show/hide toggle', async () => {
    const { root } = await setup(viewState());
    const secret = labelled(root, 'Secret');
    expect(secret.type).toBe('password');
    act(() => type(secret, 'abc'));
    const hint = root.querySelector('[data-testid="secret-hint"]');
    expect(hint?.textContent).toBe('The secret is 36 characters: 8-4-4-4-12, you have 3.');
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    expect(button(root, 'Save secret').disabled).toBe(true);
    act(() => type(secret, GOOD));
    expect(root.querySelector('[data-testid="secret-hint"]')?.textContent).toBe('Looks right: 8-4-4-4-12.');
    act(() => button(root, 'Show secret').click());
    expect(labelled(root, 'Secret').type).toBe('text');
    expect(labelled(root, 'Secret').value).toBe(GOOD);
    act(() => button(root, 'Hide secret').click());
    expect(labelled(root, 'Secret').type).toBe('password');
  });

  it('does not call a secret with letters beyond a-f "right", though its shape is (issue 15)', async () => {
    const { root } = await setup(viewState());
    act(() => type(labelled(root, 'Secret'), 'gggggggg-gggg-gggg-gggg-gggggggggggg'));
    const hint = root.querySelector('[data-testid="secret-hint"]')?.textContent ?? '';
    expect(hint).not.toContain('Looks right');
    expect(hint).toContain('secrets are hexadecimal');
    // Not refused: the contract promises only the shape, and the account has the last word.
    expect(button(root, 'Save secret').disabled).toBe(false);
  });

  it('says in text, not only a tooltip, why Save secret and Switch to Live are off (issue 15)', async () => {
    const { root } = await setup(viewState());
    expect(button(root, 'Save secret').disabled).toBe(true);
    expect(root.querySelector('[data-testid="connection-disabled-why"]')?.textContent).toContain(
      'need a secret of the right shape',
    );
    const live = button(root, 'Switch to Live');
    expect(live.disabled).toBe(true);
    const why = root.querySelector('[data-testid="live-disabled-why"]');
    expect(why?.textContent).toBe('Save your secret first: Live needs it.');
    expect(live.getAttribute('aria-describedby')).toBe(why?.id);
    act(() => type(labelled(root, 'Secret'), GOOD));
    expect(root.querySelector('[data-testid="connection-disabled-why"]')).toBeNull();
  });

  it('tests the typed secret and shows the account user', async () => {
    const { root, asked } = await setup(viewState(), {
      'connection.test': { ok: true, user: 'trader@example.com', bots: 3 },
    });
    act(() => type(labelled(root, 'Secret'), GOOD));
    act(() => button(root, 'Test connection').click());
    await settle();
    expect(asked).toContainEqual({ type: 'connection.test', secret: GOOD });
    expect(root.querySelector('[data-testid="connection-message"]')?.textContent).toBe(
      'Connected as trader@example.com · 3 bots.',
    );
  });

  it('shows the 401 message of a wrong secret', async () => {
    const { root } = await setup(viewState(), {
      'connection.test': {
        ok: false,
        error: { kind: 'unauthorized', status: 401, message: 'Secret not accepted (401).' },
      },
    });
    act(() => type(labelled(root, 'Secret'), GOOD));
    act(() => button(root, 'Test connection').click());
    await settle();
    expect(root.querySelector('[data-testid="connection-message"]')?.textContent).toBe(
      'Secret not accepted (401).',
    );
  });

  it('saves for the session only, drops the typed secret, then switches to Live only after Confirm', async () => {
    const { root, asked } = await setup(viewState());
    expect(button(root, 'Switch to Live').disabled).toBe(true);
    act(() => type(labelled(root, 'Secret'), GOOD));
    const session = labelled(root, 'Keep for this browser session only');
    act(() => {
      session.checked = true;
      session.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => button(root, 'Save secret').click());
    await settle();
    expect(asked).toContainEqual({ type: 'connection.saveSecret', secret: GOOD, sessionOnly: true });
    expect(labelled(root, 'Secret').value).toBe('');
    expect(root.querySelector('[data-testid="secret-status"]')?.textContent).toContain(
      'for this browser session only',
    );
    act(() => button(root, 'Switch to Live').click());
    expect(asked.some((r) => r.type === 'connection.setMode')).toBe(false);
    act(() => button(root, 'Confirm').click());
    await settle();
    expect(asked).toContainEqual({ type: 'connection.setMode', mode: 'live' });
    expect(root.querySelector('[data-mode="live"]')).not.toBeNull();
    expect(button(root, 'Back to Paper')).toBeTruthy();
  });

  it('turns one-click Live on only after the acknowledgement', async () => {
    const { root, asked } = await setup(viewState());
    const toggle = labelled(root, 'One-click trading in Live (no confirmation)');
    act(() => {
      toggle.checked = true;
      toggle.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(asked.some((r) => r.type === 'settings.update')).toBe(false);
    expect(button(root, 'Turn on one-click').disabled).toBe(true);
    const ack = root.querySelector('fieldset input[type="checkbox"]') as HTMLInputElement;
    act(() => {
      ack.checked = true;
      ack.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => button(root, 'Turn on one-click').click());
    await settle();
    expect(asked).toContainEqual({ type: 'settings.update', patch: { oneClickLive: true } });
    expect(labelled(root, 'One-click trading in Live (no confirmation)').checked).toBe(true);
  });

  it('saves the budget share within 1-60 and a symbol mapping', async () => {
    const { root, asked } = await setup(viewState());
    const share = labelled(root, 'Rate-budget share (requests per minute)');
    act(() => type(share, '61'));
    share.dispatchEvent(new Event('blur'));
    await settle();
    expect(asked.some((r) => r.type === 'settings.update')).toBe(false);
    expect(root.textContent).toContain('A whole number from 1 to 60.');
    const shareHint = () => share.parentElement?.querySelector('[data-testid="number-hint"]')?.textContent;
    expect(shareHint()).toBe(
      `A whole number from 1 to 60. Not saved: the saved value is still ${viewState().settings.budgetShare}.`,
    );
    act(() => type(share, '30'));
    act(() => {
      share.dispatchEvent(new FocusEvent('blur'));
    });
    await settle();
    expect(asked).toContainEqual({ type: 'settings.update', patch: { budgetShare: 30 } });
    expect(shareHint()).toMatch(/^Saved: 30\. /);
    expect(root.querySelector('.ct-ok[role="status"]')?.textContent).toBe('Saved: rate-budget share.');
    act(() => type(labelled(root, 'Chart ticker'), 'es1!'));
    act(() => type(labelled(root, 'Underlying'), 'spy'));
    act(() => button(root, 'Add mapping').click());
    await settle();
    expect(asked).toContainEqual({ type: 'settings.update', patch: { symbolMap: { 'ES1!': 'SPY' } } });
    expect([...root.querySelectorAll('table')].at(-1)?.textContent).toContain('ES1!SPY');
  });

  it('lists every bot with its underlying, suggests one from the name without applying it, and binds on a click', async () => {
    const { root, asked } = await setup(viewState());
    const rows = () =>
      [...root.querySelectorAll('[data-testid="binding-row"]')].map((r) => [
        r.getAttribute('data-bot-id'),
        r.querySelector('[data-testid="binding"]')?.textContent,
      ]);
    expect(rows()).toEqual([
      ['1234567', 'not bound'],
      ['7654321', 'not bound'],
    ]);
    expect(asked.some((r) => r.type === 'bindings.set')).toBe(false);
    await act(async () => button(root, 'Bind to SPX').click());
    await settle();
    expect(asked).toContainEqual({
      type: 'bindings.set',
      bot: 1234567,
      binding: { kind: 'symbol', underlying: 'SPX' },
    });
    const second = root.querySelectorAll('[data-testid="binding-row"]')[1] as HTMLElement;
    await act(async () => button(second, 'Any symbol').click());
    await settle();
    expect(rows()).toEqual([
      ['1234567', 'SPX'],
      ['7654321', 'any symbol, custom orders only'],
    ]);
  });

  it('refuses a symbol mapping with a space inside or onto itself', async () => {
    const { root, asked } = await setup(viewState());
    act(() => type(labelled(root, 'Chart ticker'), 'ES 1!'));
    act(() => type(labelled(root, 'Underlying'), 'SPY'));
    expect(button(root, 'Add mapping').disabled).toBe(true);
    expect(root.querySelector('[data-testid="symbol-map-problem"]')?.textContent).toContain('no spaces');
    act(() => type(labelled(root, 'Chart ticker'), 'AMEX:SPY'));
    expect(root.querySelector('[data-testid="symbol-map-problem"]')?.textContent).toContain('as itself');
    act(() => type(labelled(root, 'Underlying'), 'S P Y'));
    expect(button(root, 'Add mapping').disabled).toBe(true);
    expect(asked.some((r) => r.type === 'settings.update')).toBe(false);
  });

  it('reminds to rotate a secret older than the set days and shows its age', async () => {
    const savedAt = Date.now() - 91 * 86_400_000;
    const { root } = await setup(viewState({ hasSecret: true, secretSavedAt: savedAt }));
    expect(root.querySelector('[data-testid="secret-status"]')?.textContent).toContain('91 days old');
    expect(root.querySelector('[data-testid="rotation-reminder"]')?.textContent).toContain('91 days old');
    expect(secretAge(Date.now() - 10 * 86_400_000, 90, Date.now())).toEqual({ days: 10, due: false });
    expect(secretAge(null, 90, 0)).toBeNull();
  });
});
