import type { Page } from 'playwright-core';
import { createSandbox } from '../../../lib/sandbox';
import { askFromPage, type ChromiumSession, launchChromium } from './chromium';
import { startServer, type TestServer } from './server';

export interface LiveSession {
  server: TestServer;
  browser: ChromiumSession;
  /** An extension page (options) to ask the background from, as the views do. */
  page: Page;
}

/**
 * The production build in Chromium, switched to Live against the sandbox with this secret:
 * what every Live-mode browser test starts from.
 */
export async function startLiveSession(secret: string): Promise<LiveSession> {
  const server = await startServer({ sandbox: createSandbox({ secret, timeZone: 'UTC' }) });
  const browser = await launchChromium({ serverPort: server.port });
  const page = await browser.extensionPage('options.html');
  await askFromPage(page, { type: 'connection.saveSecret', secret, sessionOnly: false });
  await askFromPage(page, { type: 'connection.setMode', mode: 'live' });
  return { server, browser, page };
}

export async function stopLiveSession(session: Partial<LiveSession>): Promise<void> {
  await session.browser?.close();
  await session.server?.close();
}
