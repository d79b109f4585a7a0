/**
 * The words for an order whose outcome is unknown, said once: the API error, the journal, the result
 * line and the views compose their text from these, so the warning is never repeated in one line
 * nor worded four ways (issue 15). The words are the catalogue's (locales/en.json); this module
 * imports nothing else, so the views take it without the API code.
 */
import { words } from '../words';

/** The one sentence: what the trader must do before sending the same order again. */
export const MAYBE_PLACED = words('orderMaybePlaced');

/** An unknown outcome with no more to say about its cause. */
export const UNKNOWN_OUTCOME = `${words('orderOutcomeUnknown')} ${MAYBE_PLACED}`;

/** `text`, followed by the sentence unless it already says it. */
export function withMaybePlaced(text: string): string {
  const said = text.trim();
  if (said === '') return UNKNOWN_OUTCOME;
  return said.includes(MAYBE_PLACED) ? said : `${said}${/[.!?]$/.test(said) ? '' : '.'} ${MAYBE_PLACED}`;
}
