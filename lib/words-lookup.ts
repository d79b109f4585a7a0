/**
 * The catalogue read from locales/en.json, for code that runs in Node (tests, the sandbox, scripts).
 * Extension bundles never load this file: the build replaces it by lib/words-lookup.browser.ts.
 */
import en from '../locales/en.json';

export function lookup(key: keyof typeof en, subs: string[]): string {
  // As browser.i18n.getMessage reads a message: $1…$9 are the substitutions, $$ a dollar sign. One
  // left without a value stays visible as `$n` here, so a test sees it.
  return en[key].replace(/\$(\d)|\$\$/g, (whole, n: string | undefined) =>
    n === undefined ? '$' : (subs[Number(n) - 1] ?? whole),
  );
}
