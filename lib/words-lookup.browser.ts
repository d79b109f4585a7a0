/**
 * The catalogue as the extension reads it: the _locales/en/messages.json the build makes from
 * locales/en.json, through the browser (wxt.config.ts points `./words-lookup` here), so no
 * bundle carries a copy of the words.
 */
import { browser } from 'wxt/browser';
import type en from '../locales/en.json';

// Typed by the browser's own declarations, which know only the predefined @@ names; ours are
// checked by WordKey and tests/unit/words.test.ts.
type I18n = { getMessage(name: string, substitutions?: string[]): string };

export function lookup(key: keyof typeof en, subs: string[]): string {
  return (browser.i18n as unknown as I18n).getMessage(key, subs);
}
