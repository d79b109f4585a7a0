import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../lib/sandbox';
import {
  type FirefoxSession,
  firefoxUnavailable,
  launchFirefox,
  REPO_ROOT,
  startServer,
  type TestServer,
} from './harness';

/**
 * The Firefox build (`wxt build -b firefox`) in Firefox ESR, installed as a temporary add-on.
 * Firefox resolves every host to 127.0.0.1, so the server takes port 443 (CI runs as root).
 */

const unavailable = await firefoxUnavailable();
if (unavailable) console.warn(`Skipping the Firefox smoke test: ${unavailable}.`);

describe.skipIf(unavailable !== null)('the extension in Firefox ESR', () => {
  let server: TestServer;
  let firefox: FirefoxSession;

  beforeAll(async () => {
    server = await startServer({ port: 443, sandbox: createSandbox({ timeZone: 'UTC' }) });
    firefox = await launchFirefox();
  });

  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('installs the build as a temporary add-on under its gecko id', () => {
    const manifest = JSON.parse(
      readFileSync(join(REPO_ROOT, '.output/firefox-mv2/manifest.json'), 'utf8'),
    ) as {
      browser_specific_settings: { gecko: { id: string } };
    };
    expect(firefox.addonId).toBe(manifest.browser_specific_settings.gecko.id);
  });

  it('reaches the test server as www.tradingview.com', async () => {
    const page = await firefox.browser.newPage();
    const response = await page.goto('https://www.tradingview.com/plain');
    expect(response?.status()).toBe(200);
    expect(await page.$eval('#plain', (p) => p.textContent)).toContain('plain page');
    await page.close();
  });
});
