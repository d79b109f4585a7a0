import { render } from 'preact';
import { Overlay } from './app';
import { createClickGuard, intersectionWatch } from './click-guard';
import { backgroundClient } from './client';
import { placementStore, rawPlacementItem, siteHost } from './placement';
import './overlay.css';

// No window 'message' listener anywhere in this page, on purpose: the chart page can post to this
// frame, and nothing it says may act. Orders leave only through trusted clicks to the background.

const root = document.getElementById('app') as HTMLElement;
const guard = createClickGuard({ now: Date.now, watch: intersectionWatch(document.body) });
const collapsedStore = placementStore(rawPlacementItem, siteHost(location, document.referrer));

render(
  <Overlay client={backgroundClient} guard={guard} now={Date.now} collapsedStore={collapsedStore} />,
  root,
);

// The frame is sized by the content script around us; tell it (through the background, never
// through the page) how tall the panel is, so it never covers more chart than it shows.
let told = 0;
new ResizeObserver(() => {
  const height = Math.ceil(root.getBoundingClientRect().height);
  if (height === told || height === 0) return;
  told = height;
  backgroundClient.ask({ type: 'overlay.fit', height }).catch(() => {});
}).observe(root);
