import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { applySymbolMap } from '@/lib/chart/underlying';
import type { ChartPush, StatePush } from '@/lib/messaging/protocol';
import { createChartSites } from './chart-sites';
import { createChartTabs } from './chart-tabs';
import { createConnections, LIVE_ORIGIN } from './connection';
import { classify, createRouter } from './messages';
import { showMode } from './mode-badge';
import { placements } from './placement';
import { createPnlReads } from './pnl-reads';
import { createService } from './service';
import { registerShortcuts } from './shortcuts';
import { closeStorageToContentScripts } from './storage-access';
import { createStreamPolicy } from './stream-policy';
import { createViewPorts } from './view-ports';
import { createViewReads } from './view-reads';

/**
 * While a view is on screen, open trades are read on a timer (pnl-reads.ts); this alarm wakes the
 * schedule if a timer was lost. Chrome fires alarms every 30 s at most.
 */
const READS_ALARM = 'reads';
const READS_PERIOD_MIN = 0.5;

export default defineBackground(() => {
  // First of all: no content script reads stored state, whatever it is asked to run.
  const closing = closeStorageToContentScripts();
  const now = () => Date.now();
  // A site switched off in Settings (or in the browser) takes its tabs' readings and frames with it.
  // Its overlays are told at once: the re-read finds the site off, so they show no chart.
  const chartSites = createChartSites((enabled) => {
    for (const tabId of chartTabs.forgetSites(enabled)) void pushChart(tabId);
  });
  const chartTabs = createChartTabs(chartSites.enabled);
  void chartSites.sync();
  const viewReads = createViewReads(now);
  const connections = createConnections({
    liveFetch: (request) => fetch(request),
    streamOrderBody: createStreamPolicy({ origin: LIVE_ORIGIN, firefox: import.meta.env.FIREFOX }),
  });

  let pushQueued = false;
  /** Coalesce bursts of changes into one push per task. */
  function pushState(): void {
    if (pushQueued) return;
    pushQueued = true;
    queueMicrotask(async () => {
      pushQueued = false;
      const state = await service.viewState();
      void showMode(state.mode, state.risk?.pause ?? null);
      const message: StatePush = { type: 'state', state };
      for (const port of viewPorts.ports) port.postMessage(message);
    });
  }

  const service = createService({
    connections,
    now,
    // Nobody can set it: a wall-clock jump within the worker's life is seen against it.
    monotonic: () => performance.now(),
    rereadChart: (tabId) => chartTabs.reread(tabId),
    onChange: pushState,
    // Firefox has no IntersectionObserver v2: no click on the chart can prove the panel was seen.
    visibilityUnproven: import.meta.env.FIREFOX,
    confirmWindow: {
      async open(id) {
        const created = await browser.windows.create({
          url: browser.runtime.getURL(`/confirm.html?id=${id}`),
          type: 'popup',
          width: 440,
          height: 600,
          focused: true,
        });
        const tabId = created?.tabs?.[0]?.id;
        return created?.id === undefined || tabId === undefined ? null : { windowId: created.id, tabId };
      },
      close: async (windowId) => {
        await browser.windows.remove(windowId).catch(() => undefined);
      },
      focus: async (windowId) => {
        await browser.windows.update(windowId, { focused: true }).catch(() => undefined);
      },
    },
  });
  // Closing the confirmation window drops its order: nothing is sent, and the overlay says so.
  browser.windows.onRemoved.addListener((windowId) => service.windowOrders.closed(windowId));

  async function pushChart(tabId: number): Promise<void> {
    // A worker started after the tab last reported knows nothing of it yet: ask the tab, rather
    // than tell its overlay there is no chart (it would wait for a symbol change to recover).
    const raw = chartTabs.known(tabId) ?? (await chartTabs.reread(tabId))?.report;
    const settings = await service.settings();
    const message: ChartPush = {
      type: 'chart',
      report: raw ? applySymbolMap(raw, settings.symbolMap) : null,
    };
    for (const port of viewPorts.overlaysOf(tabId)) port.postMessage(message);
  }

  // Whatever was in flight when the worker last stopped has an unknown outcome: say so before
  // answering anyone, so no view sees it as still pending.
  const ready = Promise.all([
    closing,
    // A secret an earlier version stored plain is sealed before anything else reads it.
    connections.store.secret.migrate().catch(() => undefined),
    service.journal.markInterrupted().then((count) => {
      if (count > 0) pushState();
    }),
  ]);
  placements.watch();

  const onMessage = createRouter({
    ready,
    service,
    chartTabs,
    now,
    onChartReport: (tabId) => void pushChart(tabId),
    enabledSites: chartSites.enabled,
    secret: async () => (await connections.current()).secret ?? undefined,
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    onMessage(message, sender),
  );

  // Open trades are read on a schedule while a view is on screen, once for all of them.
  const pnlReads = createPnlReads({
    now,
    read: () => service.refreshReads(),
    tradesAt: () => service.tradesAt(),
    readRoom: () => service.readRoom(),
    onActive: (active) =>
      void (active
        ? browser.alarms.create(READS_ALARM, { periodInMinutes: READS_PERIOD_MIN })
        : browser.alarms.clear(READS_ALARM)),
  });
  // A port counts only from the popup, settings, or the overlay frame the tab's content script placed.
  const viewPorts = createViewPorts({
    classify: async (sender, frameKey) => classify(sender, chartTabs, frameKey, await chartSites.enabled()),
    viewState: () => service.viewState(),
    refreshReads: () => service.refreshReads(),
    viewReads,
    pnlReads,
    onOverlay: (tabId) => void pushChart(tabId),
  });
  browser.runtime.onConnect.addListener((port) => void viewPorts.connect(port));

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== READS_ALARM) return;
    // A worker restarted by the alarm has no ports: nobody is looking, so nothing is read.
    if (!pnlReads.visible()) {
      void browser.alarms.clear(READS_ALARM);
      return;
    }
    void pnlReads.wake();
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    chartTabs.forget(tabId);
    viewReads.forget(`tab:${tabId}`);
  });

  registerShortcuts({ service, chartTabs, now });

  void service.viewState().then((state) => showMode(state.mode, state.risk?.pause ?? null));
});
