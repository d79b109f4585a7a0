// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { placementStore, type StoredPlacement, siteHost } from '@/entrypoints/overlay/placement';

describe('siteHost', () => {
  it('takes the host the content script passed, then the ancestor origin, then the referrer', () => {
    expect(siteHost({ search: '?host=in.tradingview.com' }, 'https://www.tradingview.com/')).toBe(
      'in.tradingview.com',
    );
    expect(
      siteHost({ search: '', ancestorOrigins: { length: 1, 0: 'https://uk.tradingview.com' } }, ''),
    ).toBe('uk.tradingview.com');
    expect(siteHost({ search: '' }, 'https://www.tradingview.com/')).toBe('www.tradingview.com');
    expect(siteHost({ search: '' }, '')).toBe('unknown');
  });
});

describe('placementStore', () => {
  function memory(initial: Record<string, StoredPlacement>) {
    let value = initial;
    return {
      getValue: async () => value,
      setValue: async (next: Record<string, StoredPlacement>) => {
        value = next;
      },
      now: () => value,
    };
  }

  it('reads and writes only collapsed, for its own host, keeping where the frame sits', async () => {
    const item = memory({
      'www.tradingview.com': { right: 10, top: 20, collapsed: true },
      'in.tradingview.com': { right: 1, top: 2, collapsed: false },
    });
    const store = placementStore(item, 'www.tradingview.com');
    expect(await store.load()).toBe(true);
    await store.save(false);
    expect(item.now()).toEqual({
      'www.tradingview.com': { right: 10, top: 20, collapsed: false },
      'in.tradingview.com': { right: 1, top: 2, collapsed: false },
    });
  });

  it('stores no made-up spot on a new host, so the frame keeps to the chart corner', async () => {
    const item = memory({});
    const store = placementStore(item, 'uk.tradingview.com');
    expect(await store.load()).toBe(false);
    await store.save(true);
    expect(item.now()).toEqual({ 'uk.tradingview.com': { collapsed: true } });
  });

  it('keeps a spot the content script saved between its read and its write', async () => {
    let value: Record<string, StoredPlacement> = { 'www.tradingview.com': { collapsed: false } };
    const item = {
      getValue: async () => value,
      setValue: async (next: Record<string, StoredPlacement>) => {
        value = next;
      },
    };
    const store = placementStore(item, 'www.tradingview.com');
    // The trader drops the frame (content script writes) just before collapsing it.
    value = { 'www.tradingview.com': { collapsed: false, right: 300, top: 120 } };
    await store.save(true);
    expect(value).toEqual({ 'www.tradingview.com': { collapsed: true, right: 300, top: 120 } });
  });
});
