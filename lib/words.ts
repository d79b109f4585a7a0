/**
 * The catalogue of the words the trader reads: locales/en.json, the file @wxt-dev/i18n turns into
 * _locales/en/messages.json (so the manifest's __MSG_…__ names come from it too). In the extension
 * every bundle reads that file through browser.i18n.getMessage (the build points
 * `./words-lookup` at lib/words-lookup.browser.ts), so no bundle carries the catalogue; code that
 * runs in Node (tests, the sandbox, scripts) reads locales/en.json itself. Either way a sentence lives
 * in one place. tests/unit/words.test.ts keeps the sources from writing sentences inline, every key
 * used, and every call giving as many `$n` as its sentence has.
 */
import type en from '../locales/en.json';
import { lookup } from './words-lookup';

export type WordKey = keyof typeof en;

/** The sentence under `key`, with `$1`, `$2`… replaced by `subs` in order (Chrome's convention). */
export function words(key: WordKey, ...subs: (string | number)[]): string {
  return lookup(
    key,
    subs.map((s) => String(s)),
  );
}
