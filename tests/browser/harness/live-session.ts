import type { Page } from 'playwright-core';
import { createSandbox, DEMO_BINDINGS } from '../../../lib/sandbox';
import { askFromPage, type ChromiumSession, launchChromium } from './chromium';
import { startServer, type TestServer } from './server';

export interface Session {
  server: TestServer;
  browser: ChromiumSession;
}

export interface LiveSession extends Session {
  /** An extension page (options) to ask the background from, as the views do. */
  page: Page;
}

/**
 * The production build in Chromium with the API and the chart host mapped to one https server,
 * whose sandbox account has this secret: what every Chromium test file starts from (Paper mode).
 */
export async function startSession(
  secret: string,
  opts: { http2?: boolean; extensionDir?: string } = {},
): Promise<Session> {
  const server = await startServer({
    sandbox: createSandbox({ secret, timeZone: 'UTC' }),
    http2: opts.http2,
  });
  const browser = await launchChromium({ serverPort: server.port, extensionDir: opts.extensionDir });
  const page = await browser.extensionPage('options.html');
  await bindDemoBots(page);
  await page.close();
  return { server, browser };
}

/**
 * Bind the demo bots as a trader would (each to what its own settings trade, the generic bot to any
 * symbol): a fresh install binds nothing, and "Enter via bot" on a chart needs a bot bound to it.
 */
export async function bindDemoBots(page: Page): Promise<void> {
  for (const [bot, binding] of Object.entries(DEMO_BINDINGS)) {
    await askFromPage(page, { type: 'bindings.set', bot: Number(bot), binding });
  }
}

/** The same, switched to Live against the sandbox with that secret. */
export async function startLiveSession(
  secret: string,
  opts: { http2?: boolean; extensionDir?: string } = {},
): Promise<LiveSession> {
  const { server, browser } = await startSession(secret, opts);
  const page = await browser.extensionPage('options.html');
  await askFromPage(page, { type: 'connection.saveSecret', secret, sessionOnly: false });
  await askFromPage(page, { type: 'connection.setMode', mode: 'live' });
  return { server, browser, page };
}

export async function stopSession(session: Partial<Session>): Promise<void> {
  await session.browser?.close();
  await session.server?.close();
}
