import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPTIONAL_SITES } from '../../../lib/scope/optional-sites';
import { SITE_PAGES } from '../../unit/chart/sites/fixtures';
import { REPO_ROOT } from './server';

/** Every host of the other charting sites: the test server serves them pages, the certificate names them. */
export const SITE_HOSTS: string[] = OPTIONAL_SITES.flatMap((s) => [...s.hosts]);

/**
 * A page of one of the other charting sites, as the unit fixtures describe it (tests/unit/chart/sites/
 * fixtures.ts, marked EVIDENCE or ASSUMED there): the address as requested and the fixture's title.
 * Nothing else of the real sites is reproduced: the readers use the address and the title only. A
 * test switches symbol as the sites do, with history.pushState and a new title from the page itself.
 */
export function sitePage(host: string, pathAndQuery: string): string {
  const fixture = SITE_PAGES.find((p) => {
    const url = new URL(p.url);
    return url.hostname === host && url.pathname + url.search === pathAndQuery;
  });
  const title = fixture?.title ?? host;
  const html = (text: string) =>
    text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${html(title)}</title></head>` +
    '<body style="margin:0;font-family:sans-serif"><main style="height:100vh;background:#f4f6f8">' +
    `<h1 style="margin:0;padding:16px">${html(host)} test page</h1></main></body></html>`
  );
}

/**
 * The production Chrome build with the other sites' patterns moved from optional to granted host
 * permissions, in a temp dir (removed by the returned cleanup). Chromium shows its permission prompt as
 * browser UI that automation cannot answer (no switch accepts it outside Chromium's own C++ tests), so
 * the Chromium site tests start from the state a trader's "Allow" leaves: the permission granted. The
 * background finds it granted and registers the sites' scripts at start, by the same code that runs on
 * the grant (entrypoints/background/chart-sites.ts). The click that asks is tested on the unchanged
 * build; the whole switch on and off, through the real prompt code, in Firefox (firefox-sites.test.ts).
 */
export function grantedSitesBuild(from = join(REPO_ROOT, '.output/chrome-mv3')): {
  dir: string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'oat-sites-build-'));
  cpSync(from, dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    host_permissions?: string[];
    optional_host_permissions?: string[];
  };
  manifest.host_permissions = [
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
  ];
  delete manifest.optional_host_permissions;
  writeFileSync(file, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
