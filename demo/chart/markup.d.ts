/** Types of demo/chart/markup.js, for the unit tests that build both markups from the demo page. */
export type Markup = 'current' | 'legacy';
export const MARKUPS: readonly Markup[];
export function markupFrom(search: string): Markup;
export function applyMarkup(doc: Document, markup: Markup): void;
