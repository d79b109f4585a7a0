import { render } from 'preact';
import { connectViewState } from '../../components/use-view-state';
import { PopupApp } from './app';
import { type CachedView, cachedViewState } from './first-draw';
import { createPopupState } from './state';

/**
 * The live popup: connects to the background (waking the worker if it was stopped) and renders
 * PopupApp, which keeps the first draw on screen until the background's first state and then
 * replaces it in one commit. It starts from what the first draw read: storage is not read twice.
 */
export function startLive(app: HTMLElement, firstView: HTMLElement, cached: CachedView | null): void {
  const connection = connectViewState({ initial: cached ? cachedViewState(cached, Date.now()) : null });
  const state = createPopupState({ connection });
  render(<PopupApp state={state} firstView={firstView} />, app);
}
