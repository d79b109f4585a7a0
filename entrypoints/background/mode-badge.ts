import { browser } from 'wxt/browser';
import type { Mode } from '@/lib/messaging/protocol';

/** The toolbar says which mode is on at all times: money must never move in a mode the trader did not see. */
export async function showMode(mode: Mode): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  if (!action) return;
  await action.setBadgeText({ text: mode === 'live' ? 'LIVE' : 'PAPR' });
  await action.setBadgeBackgroundColor({ color: mode === 'live' ? '#d32f2f' : '#546e7a' });
  await action.setTitle({
    title:
      mode === 'live'
        ? 'Chart Trader: LIVE: orders go to your broker'
        : 'Chart Trader: PAPER: simulated, nothing is sent',
  });
}
