import type { Mode } from '../lib/messaging/protocol';
import { words } from '../lib/words';
import './theme.css';
import './mode-mark.css';

/** The red LIVE or the distinct PAPER mark: always visible, so a trader never mistakes one for the other. */
export function ModeMark({ mode }: { mode: Mode }) {
  const live = mode === 'live';
  return (
    <span
      class={`ct-mode ct-mode--${mode}`}
      role="status"
      aria-label={words(live ? 'modeLiveLabel' : 'modePaperLabel')}
      data-mode={mode}
    >
      {words(live ? 'modeLiveMark' : 'modePaperMark')}
    </span>
  );
}

export const PAPER_BANNER = words('modePaperBanner');

/** The Paper banner; nothing in Live (the LIVE mark says enough). */
export function PaperBanner({ mode }: { mode: Mode }) {
  if (mode !== 'paper') return null;
  return (
    <p class="ct-paper-banner" data-testid="paper-banner">
      {PAPER_BANNER}
    </p>
  );
}
