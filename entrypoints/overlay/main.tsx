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
