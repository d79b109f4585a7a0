import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { PageSiteAdapter } from '@/lib/chart/sites/types';
import { watchPage } from '@/lib/chart/sites/watch-page';
import { runChartContent } from './chart-content';

/**
 * The content script of a site read from its address and title (lib/chart/sites): registered by the
 * background only while the trader has the site switched on. The overlay is placed once the page is
 * about a symbol (or refuses one with a reason), never on the site's other pages.
 */
export function runPageSite(ctx: ContentScriptContext, adapter: PageSiteAdapter): void {
  let watcher: ReturnType<typeof watchPage> | null = null;
  runChartContent(ctx, {
    label: adapter.label,
    start: (send) => {
      watcher = watchPage({ adapter, doc: document, location: () => location.href, send });
      return watcher;
    },
    wanted: () => watcher !== null && watcher.last.kind !== 'none',
  });
}
