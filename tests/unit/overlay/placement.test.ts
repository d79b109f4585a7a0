import { describe, expect, it } from 'vitest';
import { DEFAULT_PLACEMENT, placementStore, siteHost } from '@/entrypoints/overlay/placement';
import type { OverlayPlacement } from '@/lib/storage/items';

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
  function memory(initial: Record<string, OverlayPlacement>) {
    let value = initial;
    return {
      getValue: async () => value,
      setValue: async (next: Record<string, OverlayPlacement>) => {
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

  it('starts expanded on a new host and stores the default place with the collapsed flag', async () => {
    const item = memory({});
    const store = placementStore(item, 'uk.tradingview.com');
    expect(await store.load()).toBe(false);
    await store.save(true);
    expect(item.now()).toEqual({ 'uk.tradingview.com': { ...DEFAULT_PLACEMENT, collapsed: true } });
  });
});
