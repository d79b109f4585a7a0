import { signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { RiskSection } from '@/components/risk-settings';
import type { ViewConnection } from '@/components/use-view-state';
import { PopupApp } from '@/entrypoints/popup/app';
import { type Ask, createPopupState } from '@/entrypoints/popup/state';
import { botId } from '@/lib/api/types';
import type { Request, ViewState } from '@/lib/messaging/protocol';
import { DEFAULT_RISK_RULES, type FlattenPlan, type FlattenReply, type RiskView } from '@/lib/risk/types';
import { button, buttons, mount, placed, type, viewState } from '../components/fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

const paused: RiskView = {
  rules: DEFAULT_RISK_RULES,
  pause: { since: Date.now() - 60_000, by: 'trader' },
  entriesOff: { rule: 'paused', message: 'Entries paused since 10:42 ET. Exits still work.' },
  entriesToday: 0,
  summary: ['Paused since 10:42 ET'],
};

const plan: FlattenPlan = {
  bots: [
    { bot: botId(1234567), name: 'SPX Iron Condor', underlying: 'SPX', trades: 2 },
    { bot: botId(7654321), name: 'QQQ Spread', underlying: 'QQQ', trades: 1 },
  ],
  fits: 1,
  waiting: 1,
  freesAt: Date.now() + 30_000,
  tradesAt: Date.now() - 5000,
};

function setup(state: ViewState) {
  const connection: ViewConnection = {
    state: signal(state),
    live: signal(true),
    chart: signal(null),
    close: () => {},
  };
  const asked: Request[] = [];
  const ask = (async (request: Request) => {
    asked.push(request);
    switch (request.type) {
      case 'order.place':
        return placed();
      case 'order.check':
        return { status: 'ready' };
      case 'risk.pause':
        return state;
      case 'flatten.plan':
        return plan;
      case 'flatten.run':
        return {
          outcomes: [
            { bot: botId(1234567), name: 'SPX Iron Condor', status: 'closed', message: 'Accepted' },
            { bot: botId(7654321), name: 'QQQ Spread', status: 'notSent', message: 'Not sent: no room.' },
          ],
          waiting: 1,
        } satisfies FlattenReply;
      default:
        throw new Error(`unexpected ${request.type}`);
    }
  }) as Ask;
  const popup = createPopupState({ connection, ask, settleMs: 0 });
  const root = mount();
  act(() => {
    render(<PopupApp state={popup} />, root);
  });
  return { root, asked };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('risk controls in the popup', () => {
  it('while paused, Enter is off and says so, exits stay on, and resuming asks once', async () => {
    const { root, asked } = setup(viewState({ risk: paused }));
    expect(root.querySelector('[data-testid="entries-off"]')?.textContent).toContain(
      'Entries paused since 10:42',
    );
    expect(root.querySelector('[data-testid="risk-glance"]')?.textContent).toContain('Paused since 10:42 ET');
    const enters = buttons(root, 'Enter · paused');
    expect(enters.length).toBeGreaterThan(0);
    for (const b of enters) expect(b.disabled).toBe(true);
    const exit = buttons(root, 'Exit')[0] as HTMLButtonElement;
    expect(exit.disabled).toBe(false);
    await act(async () => {
      exit.click();
      await flush();
    });
    expect(asked.filter((r) => r.type === 'order.place')).toHaveLength(1);
    await act(async () => button(root, 'Resume…').click());
    expect(asked.some((r) => r.type === 'risk.pause')).toBe(false);
    await act(async () => {
      button(root, 'Resume entries').click();
      await flush();
    });
    expect(asked.filter((r) => r.type === 'risk.pause')).toEqual([
      { type: 'risk.pause', on: false, confirmed: true },
    ]);
  });

  it('pausing is one click', async () => {
    const { root, asked } = setup(viewState());
    await act(async () => {
      button(root, 'Pause entries').click();
      await flush();
    });
    expect(asked).toContainEqual({ type: 'risk.pause', on: true, confirmed: false });
  });

  it('flatten all shows the plan, says what waits, confirms once, and reports per bot', async () => {
    const { root, asked } = setup(viewState());
    await act(async () => {
      button(root, 'Flatten all…').click();
      await flush();
    });
    const confirm = root.querySelector('[data-testid="flatten-confirm"]');
    expect(confirm?.textContent).toContain('SPX Iron Condor: 2 open SPX trades');
    expect(confirm?.textContent).toContain('will wait (no budget)');
    expect(root.querySelector('[data-testid="flatten-waiting"]')?.textContent).toContain('1 will wait');
    expect(asked.some((r) => r.type === 'flatten.run')).toBe(false);
    await act(async () => {
      button(root, 'Close 1 bot').click();
      await flush();
    });
    expect(asked.filter((r) => r.type === 'flatten.run')).toEqual([
      { type: 'flatten.run', bots: [1234567], confirmed: true },
    ]);
    const result = root.querySelector('[data-testid="flatten-result"]')?.textContent ?? '';
    expect(result).toContain('SPX Iron Condor: closed');
    expect(result).toContain('QQQ Spread: waiting (not sent)');
  });
});

describe('Settings → Risk', () => {
  it('sends what reads, never an unreadable number as "no limit", and says what was saved and not', async () => {
    const asked: Request[] = [];
    const ask = (async (request: Request) => {
      asked.push(request);
      if (request.type === 'risk.save') {
        return {
          saved: ['Trading hours', 'Entries per day'],
          notSaved: [
            { field: 'maxOpenPerUnderlying', message: 'Open trades per underlying must be from 1 to 100.' },
          ],
          rules: { ...DEFAULT_RISK_RULES, hoursOn: true, maxEntriesPerDay: 5 },
        };
      }
      return viewState();
    }) as Ask;
    const root = mount();
    act(() => {
      render(<RiskSection view={viewState()} ask={ask} onState={() => {}} />, root);
    });
    const input = (id: string) => root.querySelector(`[data-testid="risk-${id}"]`) as HTMLInputElement;
    act(() => {
      input('hoursOn').click();
      type(input('maxEntriesPerDay'), '5');
      type(input('maxEntriesPerBotPerDay'), 'lots');
      type(input('maxOpenPerUnderlying'), '0');
    });
    await act(async () => {
      button(root, 'Save risk rules').click();
      await flush();
    });
    const patch = (asked.find((r) => r.type === 'risk.save') as Extract<Request, { type: 'risk.save' }>)
      .patch;
    expect(patch).toMatchObject({
      hoursOn: true,
      maxEntriesPerDay: 5,
      maxOpenPerUnderlying: 0,
      hoursStart: 570,
    });
    expect('maxEntriesPerBotPerDay' in patch).toBe(false);
    const report = root.querySelector('[data-testid="risk-report"]')?.textContent ?? '';
    expect(report).toContain('Saved: Trading hours, Entries per day.');
    expect(report).toContain('"lots" is not a number');
    expect(report).toContain('must be from 1 to 100');
    expect(input('maxOpenPerUnderlying').value).toBe('0');
  });
});
