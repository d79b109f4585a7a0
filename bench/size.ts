import { readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Shipped size per entrypoint: the entry file plus everything the browser loads for it (module
 * scripts, modulepreloads, stylesheets, and the JS chunks those import, transitively). A shared chunk
 * counts toward every entrypoint that loads it: that is what each one costs to open. Gzip is per file
 * (level 9), summed, as a store or a cache would hold them.
 */

export interface EntrySize {
  name: string;
  files: string[];
  raw: number;
  gzip: number;
}

export interface ZipSize {
  file: string;
  bytes: number;
}

const gz = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

/** Every file an html page or script pulls in at load, by path from the build root (`/x/y.js`). */
function closure(root: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    const clean = posix.normalize(path.startsWith('/') ? path : `/${path}`);
    if (seen.has(clean)) return;
    seen.add(clean);
    const text = readFileSync(join(root, clean), 'utf8');
    const base = posix.dirname(clean);
    const refs: string[] = [];
    if (clean.endsWith('.html')) {
      for (const m of text.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"/g))
        if (m[1]) refs.push(m[1]);
    } else if (clean.endsWith('.js')) {
      // Static and dynamic imports of relative chunks, as Rollup writes them (minified).
      for (const m of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g))
        if (m[1]) refs.push(m[1]);
    }
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref)) continue;
      visit(ref.startsWith('/') ? ref : posix.join(base, ref));
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

interface Manifest {
  background?: { service_worker?: string; scripts?: string[] };
  content_scripts?: { js?: string[]; css?: string[] }[];
  action?: { default_popup?: string };
  browser_action?: { default_popup?: string };
  options_ui?: { page?: string };
  options_page?: string;
}

/** Sizes of the content script, overlay, popup, options and background of one unpacked build. */
export function measureBuild(root: string): EntrySize[] {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as Manifest;
  const popup = manifest.action?.default_popup ?? manifest.browser_action?.default_popup;
  const options = manifest.options_ui?.page ?? manifest.options_page;
  const content = (manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]);
  const background = manifest.background?.service_worker
    ? [manifest.background.service_worker]
    : (manifest.background?.scripts ?? []);
  const entries: [string, string[]][] = [
    ['content script', content],
    ['overlay', ['overlay.html']],
    ['popup', popup ? [popup] : []],
    ['options', options ? [options] : []],
    ['background', background],
  ];
  return entries.map(([name, files]) => {
    const all = files.length > 0 ? closure(root, files) : [];
    const paths = all.map((p) => join(root, p));
    return {
      name,
      files: all,
      raw: paths.reduce((sum, p) => sum + statSync(p).size, 0),
      gzip: paths.reduce((sum, p) => sum + gz(p), 0),
    };
  });
}

export function measureZips(outputDir: string, files: string[]): ZipSize[] {
  return files.map((file) => ({ file, bytes: statSync(join(outputDir, file)).size }));
}
