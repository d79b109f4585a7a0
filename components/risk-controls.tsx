import { useState } from 'preact/hooks';
import type { ReplyMap, Request, ViewState } from '../lib/messaging/protocol';
import { words } from '../lib/words';
import './theme.css';
import './risk-controls.css';

/**
 * The trader's risk rules in the popup and the overlay: why entries are off, and the pause switch
 * (the glance line and Flatten all, popup only, are in ./flatten-all.tsx).
 * The background enforces every rule whatever a view shows; these only say it before a click.
 */

export type RiskAsk = <R extends Request>(request: R) => Promise<ReplyMap[R['type']]>;

/** Why entries are off now (the pause or the window), or null; a window that has opened since is not. */
export function entryOffReason(view: ViewState | null, now: number): string | null {
  const off = view?.risk?.entriesOff;
  if (!off) return null;
  return off.until !== undefined && off.until <= now ? null : off.message;
}

/** What an entry button says while a rule holds entries: `Enter · paused`, or `Opens today 09:30 ET` outside the window. */
export function entryLabel(label: string, view: ViewState | null, now: number): string {
  const off = view?.risk?.entriesOff;
  if (!off || entryOffReason(view, now) === null) return label;
  if (off.rule === 'paused') return words('riskEntryPaused', label);
  return off.opens ? words('riskOpens', off.opens) : label;
}

export interface PauseSwitchProps {
  view: ViewState;
  ask: RiskAsk;
  /** The overlay lets a press count only when it is the trader's own click on its frame. */
  counts?: () => boolean;
  onError: (message: string) => void;
}

/** Pause is one click; resuming asks once, in this view. */
export function PauseSwitch({ view, ask, counts = () => true, onError }: PauseSwitchProps) {
  const [asking, setAsking] = useState(false);
  const paused = view.risk?.pause ?? null;
  const send = (on: boolean) => {
    if (!counts()) return;
    setAsking(false);
    ask({ type: 'risk.pause', on, confirmed: !on }).catch((error: unknown) =>
      onError(error instanceof Error ? error.message : String(error)),
    );
  };
  if (!paused) {
    return (
      <button
        type="button"
        class="ct-btn ct-btn--small"
        data-testid="pause-entries"
        onClick={() => send(true)}
      >
        {words('riskPause')}
      </button>
    );
  }
  if (!asking) {
    return (
      <span class="ct-risk__paused" data-testid="entries-paused">
        <strong>{words('riskPaused')}</strong>
        <button
          type="button"
          class="ct-btn ct-btn--small"
          data-testid="resume-entries"
          onClick={() => counts() && setAsking(true)}
        >
          {words('riskResumeAsk')}
        </button>
      </span>
    );
  }
  return (
    <span
      class="ct-risk__confirm"
      role="alertdialog"
      aria-label={words('riskResumeConfirmLabel')}
      data-testid="resume-confirm"
    >
      {words('riskResumeConfirm')}
      <button
        type="button"
        class="ct-btn ct-btn--small ct-btn--primary"
        data-testid="resume-yes"
        onClick={() => send(false)}
      >
        {words('riskResume')}
      </button>
      <button type="button" class="ct-btn ct-btn--small" onClick={() => setAsking(false)}>
        {words('riskKeepPaused')}
      </button>
    </span>
  );
}
