// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The architecture's rules, checked on the source: the content script reaches no secret (no storage,
 * no API client, no storage listener), views reach the API only through messages to the background,
 * and lib/api and lib/sandbox touch no extension API (they run in Node as they do in the worker).
 */

const ROOT = join(__dirname, '../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...files(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

/** Source without comments, so a comment that names a forbidden thing is no violation. */
function code(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
}

function violations(dirs: string[], rules: [RegExp, string][]): string[] {
  const found: string[] = [];
  for (const path of dirs.flatMap(files)) {
    const text = code(path);
    for (const [pattern, why] of rules)
      if (pattern.test(text)) found.push(`${relative(ROOT, join(ROOT, path))}: ${why}`);
  }
  return found;
}

describe('architecture rules', () => {
  it('the content script reaches no secret: no storage, no storage listener, no API client, no secret item', () => {
    expect(
      violations(
        [
          'entrypoints/tradingview.content',
          ...['yahoo', 'barchart', 'finviz', 'stockcharts', 'trendspider'].map(
            (s) => `entrypoints/${s}.content`,
          ),
          'lib/chart',
        ],
        [
          [/\b(browser|chrome)\.storage\b/, 'uses extension storage (the secret area)'],
          [/storage\.onChanged/, 'listens to storage changes'],
          [/from ['"]@\/lib\/storage|from ['"]\.\.\/\.\.\/lib\/storage/, 'imports the storage layer'],
          [/lib\/api\/client|lib\/sandbox/, 'imports the API client or the sandbox'],
          [/\bfetch\(/, 'calls the network'],
        ],
      ),
    ).toEqual([]);
  });

  it('views reach the API only through messages to the background', () => {
    expect(
      violations(
        [
          'entrypoints/popup',
          'entrypoints/options',
          'entrypoints/overlay',
          'entrypoints/confirm',
          'components',
        ],
        [
          [/lib\/api\/client/, 'imports the API client'],
          [/lib\/sandbox/, 'imports the sandbox'],
          [/\bfetch\(|XMLHttpRequest|WebSocket/, 'talks to the network itself'],
          [/sealed-secret|secretItem|sessionSecretItem/, 'touches the stored secret'],
        ],
      ),
    ).toEqual([]);
  });

  it('lib/api and lib/sandbox touch no extension API', () => {
    expect(
      violations(
        ['lib/api', 'lib/sandbox'],
        [
          [/\b(browser|chrome)\.[a-z]+\.[a-zA-Z]+/, 'calls an extension API'],
          [
            /from ['"](wxt\/browser|webextension-polyfill|@wxt-dev\/browser|wxt\/utils\/storage)['"]/,
            'imports an extension API',
          ],
          [/from ['"][^'"]*lib\/storage|from ['"]\.\.\/storage/, 'imports the storage layer'],
        ],
      ),
    ).toEqual([]);
  });

  it('the rules can see a violation', () => {
    expect(/\b(browser|chrome)\.storage\b/.test(code('entrypoints/overlay/placement.ts'))).toBe(true);
  });
});
