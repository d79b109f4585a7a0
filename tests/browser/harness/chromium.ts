import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';
import { API_HOST, REPO_ROOT } from './server';
import { SITE_HOSTS } from './site-pages';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface LaunchChromiumOptions {
  /** The unpacked build to load; relative paths are from the repository root. */
  extensionDir?: string;
  /** The test server's port: the TradingView and API hosts are mapped to it. */
  serverPort: number;
  headless?: boolean;
  /** Defaults to CHROMIUM_PATH, then /usr/bin/chromium. */
  executablePath?: string;
  /** A profile dir to use (kept); by default a temp one, removed by close(). */
  userDataDir?: string;
  /**
   * Let Playwright kill the browser on Ctrl-C/SIGTERM (default). A caller with its own cleanup
   * (npm start) turns it off, or Playwright's handler races it and the temp profile is left behind.
   */
  handleSignals?: boolean;
  /** More command-line flags (a test that needs the browser's permission prompt answered). */
  extraArgs?: string[];
}

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  /** `chrome-extension://ID` */
  extensionOrigin: string;
  /** The extension's running service worker, started again if Chrome stopped it. */
  serviceWorker(): Promise<Worker>;
  /** Opens one of the extension's pages (`popup.html`, `options.html`, ...). */
  extensionPage(page: string): Promise<Page>;
  /** Stops the service worker as Chrome does when idle; the next message starts it again. */
  stopServiceWorker(): Promise<void>;
  close(): Promise<void>;
}

/** The flags that point the browser's hosts at the local test server instead of the internet. */
export function chromiumArgs(extensionDir: string, serverPort: number): string[] {
  const target = `127.0.0.1:${serverPort}`;
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--host-resolver-rules=MAP www.tradingview.com ${target}, MAP *.tradingview.com ${target}, MAP ${API_HOST} ${target}, ${SITE_HOSTS.map((h) => `MAP ${h} ${target}`).join(', ')}`,
    '--ignore-certificate-errors',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-gpu',
    // Chromium refuses to start sandboxed as root, which is how CI runs.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
}

/** How long a browser may take to start before we give up: Playwright's own default is 3 minutes. */
export const BROWSER_START_TIMEOUT_MS = 30_000;

/**
 * Why Chromium cannot run here, in one line, or null when it can: a headless start on about:blank,
 * bounded in time, so a missing or broken browser is told within seconds instead of hanging a caller.
 */
export function chromiumUnavailable(
  executablePath = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM,
  timeoutMs = 20_000,
): string | null {
  if (!existsSync(executablePath))
    return `no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)`;
  const profile = mkdtempSync(join(tmpdir(), 'oat-chromium-probe-'));
  try {
    const probe = spawnSync(
      executablePath,
      [
        '--headless',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        `--user-data-dir=${profile}`,
        ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
        '--dump-dom',
        'about:blank',
      ],
      { encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' },
    );
    if (probe.error) return `${executablePath} did not start: ${probe.error.message}`;
    if (probe.status !== 0) {
      const last = (probe.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? '';
      return `${executablePath} exited with ${probe.status ?? probe.signal}${last ? `: ${last.slice(0, 200)}` : ''}`;
    }
    return null;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Chromium with the extension loaded, in a throwaway profile, talking only to the test server. */
export async function launchChromium(options: LaunchChromiumOptions): Promise<ChromiumSession> {
  const extensionDir = resolve(REPO_ROOT, options.extensionDir ?? '.output/chrome-mv3');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No extension build at ${extensionDir}: run \`npx wxt build\` first.`);
  }
  const executablePath = options.executablePath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const ownProfile = options.userDataDir === undefined;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'oat-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: options.headless ?? true,
      handleSIGINT: options.handleSignals ?? true,
      handleSIGTERM: options.handleSignals ?? true,
      handleSIGHUP: options.handleSignals ?? true,
      ignoreHTTPSErrors: true,
      args: [...chromiumArgs(extensionDir, options.serverPort), ...(options.extraArgs ?? [])],
      viewport: { width: 1280, height: 800 },
      timeout: BROWSER_START_TIMEOUT_MS,
    });
  } catch (error) {
    if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }

  let worker: Worker;
  try {
    worker = await firstExtensionWorker(context);
  } catch (error) {
    await context.close().catch(() => {});
    if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(`The extension's service worker never started: ${(error as Error).message}`);
  }
  // Node's URL gives 'null' as the origin of a chrome-extension: URL, so build it from the host.
  const extensionId = new URL(worker.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}`;

  return {
    context,
    extensionId,
    extensionOrigin,
    serviceWorker: () => serviceWorker(context, extensionId),
    extensionPage: (page) => extensionPage(context, extensionId, page),
    stopServiceWorker: () => stopServiceWorker(context),
    close: async () => {
      await context.close().catch(() => {});
      if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function firstExtensionWorker(context: BrowserContext): Promise<Worker> {
  const running = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (running) return running;
  return context.waitForEvent('serviceworker', {
    predicate: (w) => w.url().startsWith('chrome-extension://'),
    timeout: 15_000,
  });
}

/**
 * The extension's service worker. Playwright keeps one handle across a CDP stop and restart: after
 * `stopServiceWorker`, wake it with a message first, then this handle evaluates in the new worker.
 */
export async function serviceWorker(context: BrowserContext, extensionId: string): Promise<Worker> {
  const prefix = `chrome-extension://${extensionId}/`;
  const isLive = (w: Worker) => w.url().startsWith(prefix);
  const running = context.serviceWorkers().find(isLive);
  if (running) return running;
  const started = context.waitForEvent('serviceworker', { predicate: isLive, timeout: 15_000 });
  // Chrome starts an extension's worker on demand: a message from one of its pages does.
  const page = await extensionPage(context, extensionId, 'popup.html');
  // state.get is read-only, so waking the worker with it changes nothing.
  await page
    .evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type: 'state.get' }))
    .catch(() => {});
  const worker = await started;
  await page.close();
  return worker;
}

interface ChromeGlobal {
  chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };
}

export async function extensionPage(
  context: BrowserContext,
  extensionId: string,
  page: string,
): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`chrome-extension://${extensionId}/${page.replace(/^\//, '')}`);
  return tab;
}

/**
 * Stops every service worker through CDP, as Chrome does after ~30 s idle, and resolves once
 * Chrome reports them stopped. Playwright itself keeps workers alive, so without this a test never
 * sees the background start cold.
 */
export async function stopServiceWorker(context: BrowserContext): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  try {
    const stopped = new Promise<void>((ok) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.every((v) => v.runningStatus === 'stopped')) ok();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await Promise.race([stopped, new Promise((ok) => setTimeout(ok, 5_000))]);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Saves test-results/screenshots/<name>.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  mkdirSync(dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/** How the background answers any message: the envelope, as the views receive it. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: string };

/** Send a protocol message from an extension page (as a view does) and return the envelope. */
export function sendFromPage<T = unknown>(page: Page, message: unknown): Promise<Envelope<T>> {
  return page.evaluate(
    (m) =>
      (
        globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
      ).chrome.runtime.sendMessage(m),
    message,
  ) as Promise<Envelope<T>>;
}

/** Ask the background from an extension page; its refusal becomes a thrown error. */
export async function askFromPage<T>(page: Page, message: unknown): Promise<T> {
  const reply = await sendFromPage<T>(page, message);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/**
 * Evaluate in the content script's isolated world of `page` (CDP reaches it; the page cannot): what
 * a compromised content script could do there. Waits up to 15 s for the world to exist.
 */
export async function contentScriptWorld(
  session: ChromiumSession,
  page: Page,
): Promise<(expression: string) => Promise<unknown>> {
  const cdp = await session.context.newCDPSession(page);
  const worlds: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
  await cdp.send('Runtime.enable');
  const ours = () =>
    worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.includes(session.extensionId));
  const end = Date.now() + 15_000;
  while (!ours() && Date.now() < end) await new Promise((ok) => setTimeout(ok, 100));
  const world = ours();
  if (!world) throw new Error('no content script world within 15 s');
  return async (expression) => {
    const answer = await cdp.send('Runtime.evaluate', {
      contextId: world.id,
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    return answer.result.value;
  };
}
