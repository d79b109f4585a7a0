// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { words } from '@/lib/words';
import en from '@/locales/en.json';

/**
 * The catalogue of words (locales/en.json) is the one place of each sentence it holds: no source
 * file writes one of them inline, and no entry is left unused. Not every sentence is migrated yet
 * (README, "Ready for the stores"); these are.
 */

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['entrypoints', 'components', 'lib', 'wxt.config.ts'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

const sources = SOURCES.flatMap(files)
  .filter((f) => /\.(ts|tsx|html)$/.test(f))
  .map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));

describe('the catalogue of words', () => {
  it('no source writes a catalogued sentence inline', () => {
    const inline: string[] = [];
    for (const [key, sentence] of Object.entries(en)) {
      // The sentence without its $1 substitutions: the longest literal stretch of it.
      const stretch =
        sentence
          .split(/\$\d/)
          .sort((a, b) => b.length - a.length)[0]
          ?.trim() ?? '';
      if (stretch.length < 12) continue;
      for (const { file, text } of sources) if (text.includes(stretch)) inline.push(`${key} in ${file}`);
    }
    expect(inline).toEqual([]);
  });

  it('every entry is used, by words() or by __MSG_…__ in the manifest', () => {
    const all = sources.map((s) => s.text).join('\n');
    const unused = Object.keys(en).filter(
      (key) => !all.includes(`'${key}'`) && !all.includes(`__MSG_${key}__`),
    );
    expect(unused).toEqual([]);
  });

  it('fills $1 as Chrome does, and leaves a missing one visible', () => {
    expect(words('rateLimitedWait', '42 seconds')).toMatch(/^Wait 42 seconds before sending anything/);
    expect(words('rateLimitedWait')).toContain('$1');
  });
});
