import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { identify } from '@/entrypoints/background/sender';

const own = () => fakeBrowser.runtime.getURL('/');
const id = () => fakeBrowser.runtime.id;

describe('identify: who sent a message', () => {
  beforeEach(() => fakeBrowser.reset());

  it('knows the popup and the overlay page as extension pages', () => {
    expect(identify({ id: id(), url: `${own()}popup.html` })).toEqual({
      kind: 'page',
      page: 'popup.html',
      tabId: null,
    });
    expect(identify({ id: id(), url: `${own()}overlay.html`, tab: { id: 7 } as never, frameId: 3 })).toEqual({
      kind: 'page',
      page: 'overlay.html',
      tabId: 7,
    });
  });

  it('accepts a content script only from the top frame of a TradingView chart over https', () => {
    const tab = { id: 4 } as never;
    expect(identify({ id: id(), url: 'https://www.tradingview.com/chart/abc/', tab, frameId: 0 }).kind).toBe(
      'content',
    );
    expect(identify({ id: id(), url: 'https://in.tradingview.com/chart/abc/', tab, frameId: 0 }).kind).toBe(
      'content',
    );
    expect(identify({ id: id(), url: 'https://www.tradingview.com/chart/abc/', tab, frameId: 2 }).kind).toBe(
      'stranger',
    );
    expect(identify({ id: id(), url: 'http://www.tradingview.com/chart/abc/', tab, frameId: 0 }).kind).toBe(
      'stranger',
    );
    expect(identify({ id: id(), url: 'https://tradingview.com.evil.io/chart/', tab, frameId: 0 }).kind).toBe(
      'stranger',
    );
    expect(identify({ id: id(), url: 'https://www.tradingview.com/markets/', tab, frameId: 0 }).kind).toBe(
      'stranger',
    );
  });

  it('refuses other extensions and senders without a url', () => {
    expect(identify({ id: 'someone-else', url: `${own()}popup.html` }).kind).toBe('stranger');
    expect(identify({ id: id() }).kind).toBe('stranger');
    expect(identify({ id: id(), url: 'not a url' }).kind).toBe('stranger');
  });
});
