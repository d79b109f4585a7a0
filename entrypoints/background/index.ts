import type { Runtime } from 'webextension-polyfill';
import { browser } from 'wxt/browser';
import { applySymbolMap } from '@/lib/chart/underlying';
import type { ChartPush, StatePush } from '@/lib/messaging/protocol';
import { VIEW_PORT } from '@/lib/messaging/protocol';
import { createChartTabs } from './chart-tabs';
import { createConnections, LIVE_ORIGIN } from './connection';
import { createRouter } from './messages';
import { showMode } from './mode-badge';
import { placements } from './placement';
import { createService } from './service';
import { registerShortcuts } from './shortcuts';
import { closeStorageToContentScripts } from './storage-access';
import { createStreamPolicy } from './stream-policy';

/** Open trades are re-read this often while any view is open (alarms: the worker may sleep). */
const READS_ALARM = 'reads';
const READS_PERIOD_MIN = 0.5;

export default defineBackground(() => {
  // First of all: no content script reads stored state, whatever it is asked to run.
  const closing = closeStorageToContentScripts();
  const now = () => Date.now();
  const chartTabs = createChartTabs();
  const ports = new Set<Runtime.Port>();
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
      void showMode(state.mode);
      const message: StatePush = { type: 'state', state };
      for (const port of ports) port.postMessage(message);
    });
  }

  const service = createService({
    connections,
    now,
    // Nobody can set it: a wall-clock jump within the worker's life is seen against it.
    monotonic: () => performance.now(),
    rereadChart: (tabId) => chartTabs.reread(tabId),
    onChange: pushState,
  });

  async function pushChart(tabId: number): Promise<void> {
    // A worker started after the tab last reported knows nothing of it yet: ask the tab, rather
    // than tell its overlay there is no chart (it would wait for a symbol change to recover).
    const raw = chartTabs.known(tabId) ?? (await chartTabs.reread(tabId));
    const settings = await service.settings();
    const message: ChartPush = {
      type: 'chart',
      report: raw ? applySymbolMap(raw, settings.symbolMap) : null,
    };
    for (const port of ports) if (port.sender?.tab?.id === tabId) port.postMessage(message);
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
    secret: async () => (await connections.current()).secret ?? undefined,
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    onMessage(message, sender),
  );

  // Views keep a port open while shown: reads are kept fresh only then, once for all of them.
  browser.runtime.onConnect.addListener((port) => {
    const own =
      port.sender?.url?.startsWith(browser.runtime.getURL('/')) && port.sender?.id === browser.runtime.id;
    if (port.name !== VIEW_PORT || !own) {
      port.disconnect();
      return;
    }
    ports.add(port);
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      if (ports.size === 0) void browser.alarms.clear(READS_ALARM);
    });
    void browser.alarms.create(READS_ALARM, { periodInMinutes: READS_PERIOD_MIN });
    void service.viewState().then((state) => port.postMessage({ type: 'state', state } satisfies StatePush));
    const tabId = port.sender?.tab?.id;
    if (tabId !== undefined) void pushChart(tabId);
    void service.refreshReads();
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== READS_ALARM) return;
    // A worker restarted by the alarm has no ports: nobody is looking, so nothing is read.
    if (ports.size === 0) {
      void browser.alarms.clear(READS_ALARM);
      return;
    }
    void service.refreshReads();
  });

  browser.tabs.onRemoved.addListener((tabId) => chartTabs.forget(tabId));

  registerShortcuts({ service, chartTabs, now });

  void connections.mode().then(showMode);
});
