import { render } from 'preact';
import { overlayPlacementItem } from '@/lib/storage/items';
import { Overlay } from './app';
import { createClickGuard, intersectionWatch } from './click-guard';
import { backgroundClient } from './client';
import { placementStore, siteHost } from './placement';
import './overlay.css';

// No window 'message' listener anywhere in this page, on purpose: the chart page can post to this
// frame, and nothing it says may act. Orders leave only through trusted clicks to the background.

const root = document.getElementById('app') as HTMLElement;
const guard = createClickGuard({ now: Date.now, watch: intersectionWatch(document.body) });
const collapsedStore = placementStore(overlayPlacementItem, siteHost(location, document.referrer));

render(
  <Overlay client={backgroundClient} guard={guard} now={Date.now} collapsedStore={collapsedStore} />,
  root,
);
