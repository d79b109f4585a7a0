import { render } from 'preact';
import { watchLayout } from '../../components/steady-layout';
import { Overlay } from './app';
import { createClickGuard, intersectionWatch } from './click-guard';
import { createBackgroundClient } from './client';
import { fitToFrame } from './fit';
import { placementStore, rawPlacementItem, siteHost } from './placement';
import './overlay.css';

// One window 'message' listener, for one thing: the key the chart tab's content script hands this frame
// (it names this frame to the background). The chart page can post here too, but cannot know the key:
// a wrong one only gets this panel refused. Nothing posted here ever acts; orders leave only through
// trusted clicks to the background.
const KEY = /^[0-9a-f-]{36}$/;
const frameKey = new Promise<string | null>((resolve) => {
  const onKey = (event: MessageEvent) => {
    const key = (event.data as { oatFrameKey?: unknown } | null)?.oatFrameKey;
    if (event.source !== window.parent || typeof key !== 'string' || !KEY.test(key)) return;
    removeEventListener('message', onKey);
    resolve(key);
  };
  addEventListener('message', onKey);
  // Not framed by our content script (a tab, or a page's copy): ask without a key, and be refused.
  setTimeout(() => resolve(null), window.parent === window ? 0 : 2000);
});
const backgroundClient = createBackgroundClient(frameKey);

const root = document.getElementById('app') as HTMLElement;
const guard = createClickGuard({
  now: Date.now,
  watch: intersectionWatch(document.body),
  layout: watchLayout(document.body, Date.now, { sizes: false }),
});
const collapsedStore = placementStore(rawPlacementItem, siteHost(location, document.referrer));

// The guard follows the pointer over the panel: a click counts only after it has dwelt here.
const note = (event: Event) => {
  const pointer = event as Partial<PointerEvent>;
  guard.note({
    type: event.type,
    isTrusted: event.isTrusted,
    screenX: pointer.screenX ?? 0,
    screenY: pointer.screenY ?? 0,
    clientX: pointer.clientX ?? 0,
    clientY: pointer.clientY ?? 0,
  });
};
for (const type of ['pointermove', 'pointerdown']) document.addEventListener(type, note, true);
document.documentElement.addEventListener('pointerleave', note);
for (const type of ['focus', 'blur']) window.addEventListener(type, note);

render(
  <Overlay client={backgroundClient} guard={guard} now={Date.now} collapsedStore={collapsedStore} />,
  root,
);

// The frame is sized by the content script around us; tell it (through the background, never
// through the page) how tall the panel wants to be, so it never covers more chart than it shows, and
// fit the panel's scroll boxes to the frame it was given.
fitToFrame(root, (height) => backgroundClient.ask({ type: 'overlay.fit', height }));
