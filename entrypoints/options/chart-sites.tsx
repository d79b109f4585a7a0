import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OPTIONAL_SITES, type OptionalSite } from '../../lib/scope/optional-sites';
import { words } from '../../lib/words';

/**
 * The other charting sites, each off until the trader switches it on here. "On" asks the browser for
 * the site's host permission from the trader's own click (the browser shows its prompt); "off" gives
 * it back. The background follows the permission (entrypoints/background/chart-sites.ts): it registers
 * the site's reader and accepts its pages only while the permission is granted.
 */

/** How sure the reading of each site is, in the trader's words (README "Other charting sites"). */
export const SITE_READING: Record<OptionalSite['id'], string> = {
  yahoo: words('sitesYahoo'),
  barchart: words('sitesBarchart'),
  finviz: words('sitesFinviz'),
  stockcharts: words('sitesStockcharts'),
  trendspider: words('sitesTrendspider'),
};

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function grantedSites(): Promise<Set<string>> {
  const origins = new Set((await browser.permissions.getAll()).origins ?? []);
  return new Set(OPTIONAL_SITES.filter((s) => s.matches.every((m) => origins.has(m))).map((s) => s.id));
}

export function ChartSitesSetting() {
  const [on, setOn] = useState<Set<string> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const refresh = () => void grantedSites().then(setOn, (e: unknown) => setError(errorText(e)));
    refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, []);

  const toggle = (site: OptionalSite, wanted: boolean): void => {
    setError(null);
    const origins = [...site.matches];
    // Called at once in the click's handler: the browser grants a permission request only from the
    // trader's own gesture.
    const asked = wanted ? browser.permissions.request({ origins }) : browser.permissions.remove({ origins });
    asked.then(
      (done) => {
        if (wanted && !done) setError(words('sitesNotGranted', site.label));
        return grantedSites().then(setOn);
      },
      (e: unknown) => setError(errorText(e)),
    );
  };

  return (
    <div class="chart-sites" data-testid="chart-sites">
      <p class="ct-muted">{words('sitesIntro')}</p>
      <ul class="ct-list">
        {OPTIONAL_SITES.map((site) => (
          <li key={site.id}>
            <label>
              <input
                type="checkbox"
                name={`site-${site.id}`}
                checked={on?.has(site.id) ?? false}
                disabled={on === null}
                onChange={(event) => toggle(site, (event.target as HTMLInputElement).checked)}
              />{' '}
              {site.label}
            </label>
            <span class="ct-muted">
              {' '}
              {site.hosts.join(', ')}: {SITE_READING[site.id]}
            </span>
          </li>
        ))}
      </ul>
      {error ? (
        <p class="ct-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
