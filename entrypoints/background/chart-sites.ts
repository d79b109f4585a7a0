import { browser } from 'wxt/browser';
import type { SiteId } from '@/lib/chart/sites/types';
import { OPTIONAL_SITES, type OptionalSite } from '@/lib/scope/optional-sites';

/**
 * Which charting sites are switched on, and their content scripts. A site is on exactly while the
 * browser grants its host permission (Settings asks for it on the trader's click and removes it on
 * "off"; the trader may also withdraw it in the browser's own settings): the permission is the one
 * record, so the scope, the registered script and the switch cannot disagree. Scripts are registered
 * with the scripting API in both builds (Chrome MV3; Firefox 102+ has it in MV2 too).
 */

const SCRIPT_PREFIX = 'chart-site-';

interface RegisteredScript {
  id: string;
}
interface ScriptingApi {
  getRegisteredContentScripts(): Promise<RegisteredScript[]>;
  registerContentScripts(scripts: object[]): Promise<unknown>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<unknown>;
}

function scripting(): ScriptingApi | null {
  return ((browser as unknown as { scripting?: ScriptingApi }).scripting ?? null) as ScriptingApi | null;
}

/** The sites whose every match pattern is granted, among `origins` (permissions.getAll's). */
export function sitesGranted(origins: readonly string[]): Set<SiteId> {
  const granted = new Set(origins);
  const on = new Set<SiteId>(['tradingview']);
  for (const site of OPTIONAL_SITES) if (site.matches.every((m) => granted.has(m))) on.add(site.id);
  return on;
}

export function createChartSites(onChange: (enabled: ReadonlySet<SiteId>) => void = () => {}) {
  let current: Promise<Set<SiteId>> | null = null;
  let syncing: Promise<void> = Promise.resolve();

  const enabled = (): Promise<Set<SiteId>> => {
    current ??= browser.permissions.getAll().then(
      (all) => sitesGranted(all.origins ?? []),
      // Unknown permissions: nothing but TradingView counts.
      () => new Set<SiteId>(['tradingview']),
    );
    return current;
  };

  async function syncScripts(): Promise<void> {
    const api = scripting();
    if (!api) return;
    const on = await enabled();
    const registered = new Set((await api.getRegisteredContentScripts()).map((s) => s.id));
    const stale = OPTIONAL_SITES.filter((s) => !on.has(s.id) && registered.has(SCRIPT_PREFIX + s.id));
    const missing = OPTIONAL_SITES.filter((s) => on.has(s.id) && !registered.has(SCRIPT_PREFIX + s.id));
    if (stale.length > 0) await api.unregisterContentScripts({ ids: stale.map((s) => SCRIPT_PREFIX + s.id) });
    if (missing.length > 0) await api.registerContentScripts(missing.map(registration));
  }

  const sync = (): Promise<void> => {
    // One at a time: a quick on-off-on must not register twice (the API refuses a duplicate id).
    syncing = syncing.then(syncScripts, syncScripts).catch(() => {});
    return syncing;
  };

  const changed = () => {
    current = null;
    void enabled().then(onChange);
    void sync();
  };
  browser.permissions.onAdded.addListener(changed);
  browser.permissions.onRemoved.addListener(changed);

  return { enabled, sync };
}

function registration(site: OptionalSite) {
  return {
    id: SCRIPT_PREFIX + site.id,
    js: [site.script],
    matches: [...site.matches],
    runAt: 'document_idle',
    allFrames: false,
    persistAcrossSessions: true,
  };
}

export type ChartSites = ReturnType<typeof createChartSites>;
