import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { movedSinceWatch, watchStill } from './dwell';
import { REPO_ROOT } from './server';

export const DEFAULT_FIREFOX = '/usr/bin/firefox-esr';

/**
 * The internal UUID Firefox gives the add-on, fixed through `extensions.webextensions.uuids` before
 * launch, so the extension's origin (`moz-extension://UUID`) is known without about:debugging.
 */
export const FIREFOX_EXTENSION_UUID = '7f3c2a9e-5b1d-4c8e-9a6f-2d4e8b1c0a53';

export interface LaunchFirefoxOptions {
  /**
   * The test server's port: every host resolves to 127.0.0.1 and Firefox connects to this port
   * wherever a URL says 443, so the pages keep their https origins (no port in them) while each test
   * file has a server of its own on a free port.
   */
  serverPort: number;
  /** The unpacked Firefox build; relative paths are from the repository root. */
  extensionDir?: string;
  headless?: boolean;
  /** Defaults to FIREFOX_PATH, then /usr/bin/firefox-esr. */
  executablePath?: string;
  /** More preferences (a test that needs the browser's permission prompt answered). */
  extraPrefs?: Record<string, unknown>;
}

export interface FirefoxSession {
  browser: Browser;
  /** The add-on id Firefox installed the build under (the manifest's gecko id). */
  addonId: string;
  /** `moz-extension://UUID`, the origin of the extension's pages. */
  extensionOrigin: string;
  /** Opens one of the extension's pages (`popup.html`, `options.html`, ...) in a tab. */
  extensionPage(page: string): Promise<Page>;
  close(): Promise<void>;
}

/** The gecko id the build declares: Firefox installs a temporary add-on under it. */
export function geckoId(extensionDir: string): string {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`The build at ${extensionDir} declares no gecko id`);
  return id;
}

/**
 * Firefox ESR over WebDriver BiDi with the build installed as a temporary add-on. Firefox has no
 * host-to-port mapping like Chromium's: every host resolves to 127.0.0.1 (`network.dns.forceResolve`)
 * and its socket layer sends connections for port 443 to the server's port instead
 * (`network.socket.forcePort`, a pref Mozilla's own network tests use), so nothing needs port 443 or
 * root, and Firefox files run side by side.
 */
export async function launchFirefox(options: LaunchFirefoxOptions): Promise<FirefoxSession> {
  const extensionDir = resolve(REPO_ROOT, options.extensionDir ?? '.output/firefox-mv2');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extensionDir}: run \`npx wxt build -b firefox\` first.`);
  }
  const expectedId = geckoId(extensionDir);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: options.executablePath ?? process.env.FIREFOX_PATH ?? DEFAULT_FIREFOX,
    headless: options.headless ?? true,
    acceptInsecureCerts: true,
    // Firefox 153's BiDi refuses to navigate to moz-extension: pages unless the remote agent may
    // reach privileged contexts; 140 accepts the same argument (it is a no-op there).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      'network.dns.forceResolve': '127.0.0.1',
      'network.socket.forcePort': `443=${options.serverPort}`,
      'extensions.webextensions.uuids': JSON.stringify({ [expectedId]: FIREFOX_EXTENSION_UUID }),
      // Keep Firefox off the network it cannot reach here, and quiet.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...options.extraPrefs,
    },
  });
  try {
    const addonId = await browser.installExtension(extensionDir);
    const extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
    return {
      browser,
      addonId,
      extensionOrigin,
      extensionPage: async (name) => {
        const page = await browser.newPage();
        // Over BiDi the navigation to a moz-extension: page never reports done (its frame is
        // swapped for one in the extension's process), so start it and wait for the page itself.
        page.goto(`${extensionOrigin}/${name.replace(/^\//, '')}`, { timeout: 0 }).catch(() => {});
        await until(
          () =>
            page.evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete'),
          (ready) => ready,
          { what: `${name} to load` },
        );
        return page;
      },
      close: () => browser.close().catch(() => {}),
    };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

/** Why Firefox tests cannot run on this machine, or null when they can. */
export async function firefoxUnavailable(executablePath = process.env.FIREFOX_PATH ?? DEFAULT_FIREFOX) {
  if (!existsSync(executablePath)) return `no Firefox at ${executablePath} (apt-get install firefox-esr)`;
  return null;
}

/**
 * Polls `read` until `done` holds. Puppeteer's own waitFor* compile their predicate with
 * Function(), which an extension page's CSP blocks, and its navigation events never arrive for
 * moz-extension: pages over BiDi, so extension pages and frames are waited on this way.
 */
export async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeout = 15_000, what = 'a condition' }: { timeout?: number; what?: string } = {},
): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch {
      // A page mid-navigation has no realm to read from yet.
    }
    if (Date.now() > end)
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/** The overlay's frame in a chart tab (BiDi reports its URL as about:blank, so ask the frame itself). */
export async function firefoxOverlayFrame(page: Page): Promise<Frame> {
  return until(
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const here = await frame.evaluate(() => location.pathname).catch(() => '');
        if (here === '/overlay.html') return frame;
      }
      return null;
    },
    (frame): frame is Frame => frame !== null,
    { what: "the overlay's frame" },
  ) as Promise<Frame>;
}

/** Where an element is, as the page's mouse sees it. */
export interface ClickTarget {
  /** A CSS selector inside the frame (or page). */
  selector: string;
  /** Only elements whose text starts with this. */
  text?: string;
}

/**
 * A real (trusted) mouse click on an element, in the page or inside one of its frames. Puppeteer
 * cannot locate a frame's element in Firefox 140 (BiDi has no `context` locator there), so the
 * point is the frame element's box in the page plus the element's box in the frame.
 */
export async function firefoxClick(page: Page, frame: Frame | null, target: ClickTarget): Promise<void> {
  const where = frame ?? page.mainFrame();
  const locate = () =>
    until(
      () =>
        where.evaluate(({ selector, text }) => {
          const element = [...document.querySelectorAll(selector)].find(
            (e) => text === undefined || (e.textContent ?? '').trim().startsWith(text),
          );
          if (!element) return null;
          // As a trader would: scroll it into sight first (a real click lands only on what is shown).
          element.scrollIntoView({ block: 'nearest' });
          const box = element.getBoundingClientRect();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }, target),
      (point) => point !== null,
      { what: `${target.selector} ${target.text ?? ''}` },
    );
  // As a person clicks: the pointer moves about the target for half a second first (the overlay counts a
  // click only after the pointer has dwelt on it), and clicks only if nothing in the view moved meanwhile
  // (a person re-aims when the rows jump; the popup refuses a click just after they did).
  for (let attempt = 0; attempt < 20; attempt++) {
    const inner = await locate();
    if (!inner) throw new Error('unreachable');
    let offset = { x: 0, y: 0 };
    if (frame !== null) {
      offset = await page.evaluate(() => {
        const element = document.querySelector('iframe[src*="/overlay.html"]');
        if (!element) throw new Error('no overlay frame on the page');
        const box = element.getBoundingClientRect();
        return { x: box.x + element.clientLeft, y: box.y + element.clientTop };
      });
    }
    await where.evaluate(watchStill);
    const x = offset.x + inner.x;
    const y = offset.y + inner.y;
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(x - 6 + i * 2, y);
      await new Promise((ok) => setTimeout(ok, 85));
    }
    await page.mouse.move(x, y);
    const moved = await where.evaluate(movedSinceWatch);
    const still = await locate();
    if (!moved && still?.x === inner.x && still.y === inner.y) {
      await page.mouse.click(x, y);
      return;
    }
  }
  throw new Error(`${target.selector} ${target.text ?? ''} never held still long enough to click`);
}

/**
 * The extension's confirmation window (confirm.html) once it shows its order. BiDi reports no usable
 * URL for moz-extension pages while they load, so each open page is asked where it is.
 */
export async function firefoxConfirmWindow(browser: Browser): Promise<Page> {
  return until(
    async () => {
      for (const page of await browser.pages()) {
        const here = await page
          .evaluate(() => (document.querySelector('main button') ? location.pathname : ''))
          .catch(() => '');
        if (here === '/confirm.html') return page;
      }
      return null;
    },
    (page): page is Page => page !== null,
    { what: 'the confirmation window' },
  ) as Promise<Page>;
}
