// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createChartTabs } from '@/entrypoints/background/chart-tabs';
import { createConnections } from '@/entrypoints/background/connection';
import { createRouter } from '@/entrypoints/background/messages';
import { createService, type Service } from '@/entrypoints/background/service';
import { chartSender, OVERLAY_FRAME, OVERLAY_KEY, pageSender } from '../senders';

/** The background's part in moving the overlay: only the overlay page in a chart tab may move that tab's frame. */
describe('overlay.move and overlay.reset through the background', () => {
  let service: Service;
  let route: ReturnType<typeof createRouter>;
  let delivered: { tabId: number; message: unknown; options: unknown }[];

  const page = pageSender;
  const chart = chartSender;
  const move = { type: 'overlay.move', phase: 'move', dx: -40, dy: 25, fromX: 700, fromY: 120 };

  beforeEach(() => {
    fakeBrowser.reset();
    delivered = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (
      tabId: number,
      message: unknown,
      options: unknown,
    ) => {
      delivered.push({ tabId, message, options });
    }) as never);
    service = createService({
      connections: createConnections({
        liveFetch: () => Promise.reject(new Error('no network in this test')),
      }),
      now: () => 10_000,
      rereadChart: async () => null,
      onChange: () => undefined,
    });
    const chartTabs = createChartTabs();
    // Tab 7's content script placed the overlay in the fixtures' overlay frame.
    chartTabs.bind(7, { frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY });
    route = createRouter({
      service,
      chartTabs,
      now: () => 10_000,
      onChartReport: () => undefined,
      secret: async () => undefined,
    });
  });
  afterEach(() => service.settled());

  it('hands the overlay page’s move, and nothing else, to the top frame of its own tab', async () => {
    expect(await route({ ...move, extra: 'dropped' }, page('overlay.html', 7))).toEqual({
      ok: true,
      value: null,
    });
    expect(await route({ type: 'overlay.reset' }, page('overlay.html', 7))).toEqual({
      ok: true,
      value: null,
    });
    expect(delivered).toEqual([
      { tabId: 7, message: move, options: { frameId: 0 } },
      { tabId: 7, message: { type: 'overlay.reset' }, options: { frameId: 0 } },
    ]);
  });

  it('moves nothing for the chart page, another extension page, a tabless page, a stray copy or a stranger', async () => {
    for (const type of ['overlay.move', 'overlay.reset']) {
      const message = type === 'overlay.move' ? move : { type };
      expect(await route(message, chart(7))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
      expect(await route(message, { ...chart(7), id: 'someone-else' })).toMatchObject({ ok: false });
      expect(await route(message, page('popup.html', 7))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
      expect(await route(message, page('overlay.html'))).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^Refused/),
      });
      // A copy of overlay.html the chart page framed itself, in the same tab.
      expect(await route(message, { ...page('overlay.html', 7), frameId: OVERLAY_FRAME + 1 })).toMatchObject({
        ok: false,
        error: expect.stringMatching(/not placed by the extension/),
      });
    }
    expect(delivered).toEqual([]);
  });

  it('refuses moves that are not whole, in range and of a known phase', async () => {
    for (const bad of [
      { ...move, dx: 1.5 },
      { ...move, dy: Number.NaN },
      { ...move, dx: 1e9 },
      { ...move, fromX: '700' },
      { ...move, phase: 'teleport' },
      { type: 'overlay.move', dx: 1, dy: 1 },
    ]) {
      expect(await route(bad, page('overlay.html', 7))).toMatchObject({ ok: false });
    }
    expect(delivered).toEqual([]);
  });
});
