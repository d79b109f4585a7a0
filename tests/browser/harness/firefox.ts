import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { REPO_ROOT } from './server';

export const DEFAULT_FIREFOX = '/usr/bin/firefox-esr';

export interface LaunchFirefoxOptions {
  /** The unpacked Firefox build; relative paths are from the repository root. */
  extensionDir?: string;
  headless?: boolean;
  /** Defaults to FIREFOX_PATH, then /usr/bin/firefox-esr. */
  executablePath?: string;
}

export interface FirefoxSession {
  browser: Browser;
  /** The add-on id Firefox installed the build under (the manifest's gecko id). */
  addonId: string;
  close(): Promise<void>;
}

/**
 * Firefox ESR over WebDriver BiDi with the build installed as a temporary add-on. Firefox cannot
 * map a host to a port, so every host resolves to 127.0.0.1 and the test server must be on 443.
 */
export async function launchFirefox(options: LaunchFirefoxOptions = {}): Promise<FirefoxSession> {
  const extensionDir = resolve(REPO_ROOT, options.extensionDir ?? '.output/firefox-mv2');
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No Firefox build at ${extensionDir}: run \`npx wxt build -b firefox\` first.`);
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: options.executablePath ?? process.env.FIREFOX_PATH ?? DEFAULT_FIREFOX,
    headless: options.headless ?? true,
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'xpinstall.signatures.required': false,
      'network.dns.forceResolve': '127.0.0.1',
      // Keep Firefox off the network it cannot reach here, and quiet.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
    },
  });
  try {
    const addonId = await browser.installExtension(extensionDir);
    return { browser, addonId, close: () => browser.close().catch(() => {}) };
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

/** Why Firefox tests cannot run on this machine, or null when they can. */
export async function firefoxUnavailable(executablePath = process.env.FIREFOX_PATH ?? DEFAULT_FIREFOX) {
  if (!existsSync(executablePath)) return `no Firefox at ${executablePath} (apt-get install firefox-esr)`;
  const error = await new Promise<string | null>((done) => {
    const probe = createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      done(`port 443 cannot be bound (${e.code ?? e.message})`),
    );
    probe.listen(443, '127.0.0.1', () => probe.close(() => done(null)));
  });
  return error;
}
