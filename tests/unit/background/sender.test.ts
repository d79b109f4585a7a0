// @vitest-environment node
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { identify, isBoundFrame, orderSource, senderKind } from '@/entrypoints/background/sender';
import { CHART_HOSTS, isChartUrl } from '@/lib/scope/chart-hosts';
import { OVERLAY_FRAME, OVERLAY_KEY } from '../senders';

const own = () => fakeBrowser.runtime.getURL('/');
const id = () => fakeBrowser.runtime.id;
const tab = { id: 7 } as never;
const bound = { frameId: OVERLAY_FRAME, frameKey: OVERLAY_KEY };
const keyOnly = { frameId: null, frameKey: OVERLAY_KEY };

describe('identify: who sent a message', () => {
  beforeEach(() => fakeBrowser.reset());

  it('knows the popup and settings as views, in a tab or not, and never as speaking for a chart tab', () => {
    expect(identify({ id: id(), url: `${own()}popup.html` })).toEqual({
      kind: 'view',
      page: 'popup.html',
      tabId: null,
    });
    expect(identify({ id: id(), url: `${own()}options.html`, tab, frameId: 0 })).toEqual({
      kind: 'view',
      page: 'options.html',
      tabId: null,
    });
    // Any other page of ours (none is meant to send) is nobody.
    expect(identify({ id: id(), url: `${own()}other.html` }).kind).toBe('stranger');
  });

  it('takes overlay.html as the overlay only in the frame the tab bound, by frameId or by the frame key', () => {
    const overlay = {
      id: id(),
      url: `${own()}overlay.html?host=www.tradingview.com`,
      tab,
      frameId: OVERLAY_FRAME,
    };
    expect(identify(overlay, () => bound)).toEqual({ kind: 'overlay', tabId: 7, frameId: OVERLAY_FRAME });
    expect(identify(overlay, () => keyOnly, OVERLAY_KEY)).toMatchObject({ kind: 'overlay', tabId: 7 });
    // A page's own copy of overlay.html: another frame, or no key, or a guessed one.
    expect(identify({ ...overlay, frameId: OVERLAY_FRAME + 1 }, () => bound).kind).toBe('strayOverlay');
    expect(identify(overlay, () => keyOnly).kind).toBe('strayOverlay');
    expect(identify(overlay, () => keyOnly, '00000000-0000-4000-8000-000000000002').kind).toBe(
      'strayOverlay',
    );
    // A tab that never reported a frame, overlay.html opened as a tab, or without a tab at all.
    expect(identify(overlay, () => undefined, OVERLAY_KEY).kind).toBe('strayOverlay');
    expect(identify({ ...overlay, frameId: 0 }, () => bound).kind).toBe('strayOverlay');
    expect(identify({ id: id(), url: `${own()}overlay.html` }, () => bound).kind).toBe('strayOverlay');
  });

  it('accepts a content script only from the top frame of a TradingView chart page over https', () => {
    const at = (url: string, frameId = 0) => identify({ id: id(), url, tab, frameId }).kind;
    expect(at('https://www.tradingview.com/chart/abc/')).toBe('content');
    expect(at('https://in.tradingview.com/chart/abc/')).toBe('content');
    expect(at('https://www.tradingview.com/chart/abc/', 2)).toBe('stranger');
    expect(at('http://www.tradingview.com/chart/abc/')).toBe('stranger');
    expect(at('https://www.tradingview.com:8443/chart/abc/')).toBe('stranger');
    expect(at('https://evil.tradingview.com/chart/abc/')).toBe('stranger');
    expect(at('https://tradingview.com.evil.io/chart/')).toBe('stranger');
    expect(at('https://www.tradingview.com/markets/')).toBe('stranger');
  });

  it('knows confirm.html as the confirmation page only top level in a tab, with its window', () => {
    const url = `${own()}confirm.html?id=x`;
    expect(identify({ id: id(), url, tab: { id: 40, windowId: 41 } as never, frameId: 0 })).toEqual({
      kind: 'confirm',
      tabId: 40,
      windowId: 41,
    });
    expect(identify({ id: id(), url, tab, frameId: 2 }).kind).toBe('stranger');
    expect(identify({ id: id(), url }).kind).toBe('stranger');
    expect(identify({ id: 'someone-else', url, tab, frameId: 0 }).kind).toBe('stranger');
    expect(orderSource({ kind: 'confirm', tabId: 40, windowId: 41 })).toBeNull();
  });

  it('refuses other extensions and senders without a url', () => {
    expect(identify({ id: 'someone-else', url: `${own()}popup.html` }).kind).toBe('stranger');
    expect(identify({ id: id() }).kind).toBe('stranger');
    expect(identify({ id: id(), url: 'not a url' }).kind).toBe('stranger');
  });

  it('derives the route name and the order source from the caller alone', () => {
    expect(senderKind({ kind: 'view', page: 'popup.html', tabId: null })).toBe('view');
    expect(senderKind({ kind: 'strayOverlay', tabId: 7 })).toBeNull();
    expect(senderKind({ kind: 'stranger' })).toBeNull();
    expect(orderSource({ kind: 'view', page: 'options.html', tabId: null })).toBe('popup');
    expect(orderSource({ kind: 'overlay', tabId: 7, frameId: 3 })).toBe('overlay');
    expect(
      orderSource({
        kind: 'content',
        tabId: 7,
        url: new URL('https://www.tradingview.com/chart/'),
        site: 'tradingview',
      }),
    ).toBeNull();
  });

  it('binds by frameId where the browser gave one, whatever key is shown', () => {
    expect(isBoundFrame(bound, OVERLAY_FRAME)).toBe(true);
    expect(isBoundFrame(bound, OVERLAY_FRAME + 1, OVERLAY_KEY)).toBe(false);
    expect(isBoundFrame(keyOnly, 9, OVERLAY_KEY)).toBe(true);
    expect(isBoundFrame(null, OVERLAY_FRAME, OVERLAY_KEY)).toBe(false);
  });
});

describe('chart scope', () => {
  it('is https chart pages on the listed hosts only', () => {
    for (const host of CHART_HOSTS) expect(isChartUrl(`https://${host}/chart/x/`)).toBe(true);
    for (const url of [
      'http://www.tradingview.com/chart/x/',
      'https://www.tradingview.com/',
      'https://www.tradingview.com/chartx',
      'https://charts-node.tradingview.com/chart/x',
      'https://tradingview.com/chart/x/',
      'https://www.tradingview.com.evil.io/chart/x/',
      'nonsense',
      undefined,
    ])
      expect(isChartUrl(url)).toBe(false);
  });
});
