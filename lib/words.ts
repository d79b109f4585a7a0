/**
 * The catalogue of the words the trader reads: locales/en.json, the file @wxt-dev/i18n turns into
 * _locales/en/messages.json (so the manifest's __MSG_…__ names come from it too). Code that runs
 * outside the browser as well (the API client in Node scripts and tests, the sandbox) reads the
 * same file here instead of browser.i18n, so a sentence lives in one place either way.
 * Migrated so far: the manifest's texts, the unknown-outcome warning and the 429 texts.
 */
import en from '../locales/en.json';

export type WordKey = keyof typeof en;

/** The sentence under `key`, with `$1`, `$2`… replaced by `subs` in order (Chrome's convention). */
export function words(key: WordKey, ...subs: string[]): string {
  return en[key].replace(/\$(\d)/g, (whole, n: string) => subs[Number(n) - 1] ?? whole);
}
