import { describe, expect, it } from 'vitest';
import { createSandbox, PAPER_SECRET, SPX_IRON_CONDOR_BOT } from '../../../lib/sandbox/index';

const API = `https://app.optionsautotrader.com/webhook/${PAPER_SECRET}`;

// The background's unit tests run under happy-dom, whose Request/Response replace Node's:
// Paper mode must work with them too.
describe('sandbox under the unit tests’ DOM environment', () => {
  it('reads, enters, exits and restores', async () => {
    const sandbox = createSandbox();
    const bots = await (await sandbox.fetch(new Request(`${API}/bots`))).json();
    expect(bots.data.map((b: { id: number }) => b.id)).toContain(SPX_IRON_CONDOR_BOT);

    const entered = await sandbox.fetch(
      new Request(`${API}/enter/${SPX_IRON_CONDOR_BOT}`, { method: 'POST' }),
    );
    expect((await entered.json()).success).toBe(true);

    const exit = await sandbox.fetch(
      new Request(`${API}/exit`, {
        method: 'POST',
        body: JSON.stringify({ bot: SPX_IRON_CONDOR_BOT, close: 'all' }),
      }),
    );
    expect(await exit.json()).toMatchObject({
      success: true,
      payload: { bot: SPX_IRON_CONDOR_BOT, close: 'all' },
    });
    expect(sandbox.control.requests().at(-1)?.body).toEqual({ bot: SPX_IRON_CONDOR_BOT, close: 'all' });

    const restored = createSandbox({ state: JSON.parse(JSON.stringify(sandbox.snapshot())) });
    const trades = await (await restored.fetch(new Request(`${API}/trades`))).json();
    expect(trades.trades).toHaveLength(2);
  });
});
