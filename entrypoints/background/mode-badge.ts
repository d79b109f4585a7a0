import { browser } from 'wxt/browser';
import type { Mode } from '@/lib/messaging/protocol';
import type { PauseState } from '@/lib/risk/types';
import { words } from '@/lib/words';

/**
 * The toolbar says which mode is on at all times: money must never move in a mode the trader did
 * not see. Paused entries add a mark (`L ⏸`, `P ⏸`) and say so in the title, the mode still shown.
 */
export async function showMode(mode: Mode, pause: PauseState | null = null): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  if (!action) return;
  const live = mode === 'live';
  await action.setBadgeText({ text: pause ? `${live ? 'L' : 'P'} ⏸` : live ? 'LIVE' : 'PAPR' });
  await action.setBadgeBackgroundColor({ color: live ? '#d32f2f' : pause ? '#ef6c00' : '#546e7a' });
  const said = words(live ? 'modeLiveRow' : 'modePaperRow');
  await action.setTitle({
    title: pause
      ? words('badgeTitlePaused', words('popupTitle'), said, words('badgePaused'))
      : words('badgeTitle', words('popupTitle'), said),
  });
}
