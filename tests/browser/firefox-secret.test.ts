import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../lib/sandbox';
import {
  type FirefoxSession,
  firefoxUnavailable,
  launchFirefox,
  startServer,
  type TestServer,
} from './harness';

/**
 * Firefox has no `setAccessLevel` for `storage.local`: its content scripts can read that area and
 * hear its changes. So what matters there is that the area never holds the secret in the clear. The
 * content script's own world cannot be evaluated through BiDi; what it would read is exactly what
 * this extension page reads from the same area, so the test reads it here, in the real browser.
 */

const unavailable = await firefoxUnavailable();
if (unavailable) console.warn(`Skipping the Firefox secret checks: ${unavailable}.`);

const secret = randomUUID();
let server: TestServer;
let firefox: FirefoxSession;

const leaks = (text: string) =>
  [secret, secret.replaceAll('-', ''), secret.slice(-12)].some((p) => text.toLowerCase().includes(p));

interface Ext {
  browser: {
    runtime: { sendMessage(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> };
    storage: {
      local: { get(k: null): Promise<unknown>; set(v: unknown): Promise<void> };
      session: { get(k: null): Promise<unknown> };
      onChanged: { addListener(f: (c: unknown, area: string) => void): void };
    };
  };
  heard?: string[];
}

const ask = (page: Page, message: unknown) =>
  page.evaluate((m) => (globalThis as unknown as Ext).browser.runtime.sendMessage(m), message);
const dump = (page: Page, area: 'local' | 'session') =>
  page.evaluate(
    (a) => (globalThis as unknown as Ext).browser.storage[a].get(null).then((v) => JSON.stringify(v)),
    area,
  );

describe.skipIf(unavailable !== null)('the secret in Firefox ESR', () => {
  beforeAll(async () => {
    server = await startServer({ sandbox: createSandbox({ secret, timeZone: 'UTC' }) });
    firefox = await launchFirefox({ serverPort: server.port });
  });
  afterAll(async () => {
    await firefox?.close();
    await server?.close();
  });

  it('saved "on this browser", storage.local holds it sealed and its change events carry no secret', async () => {
    const page = await firefox.extensionPage('options.html');
    await page.evaluate(() => {
      const g = globalThis as unknown as Ext;
      g.heard = [];
      g.browser.storage.onChanged.addListener((c, area) => g.heard?.push(`${area} ${JSON.stringify(c)}`));
    });
    const saved = await ask(page, { type: 'connection.saveSecret', secret, sessionOnly: false });
    expect(saved.ok).toBe(true);
    expect((await ask(page, { type: 'connection.setMode', mode: 'live' })).ok).toBe(true);
    const state = await ask(page, { type: 'reads.refresh' });
    expect(state).toMatchObject({ ok: true, value: { mode: 'live', hasSecret: true } });
    expect(server.sandbox.control.requests().some((r) => r.method === 'GET' && r.status === 200)).toBe(true);
    const local = await dump(page, 'local');
    expect(local).toContain('sealedSecret');
    expect(leaks(local)).toBe(false);
    const heard = await page.evaluate(() => JSON.stringify((globalThis as unknown as Ext).heard));
    expect(heard).toContain('sealedSecret');
    expect(leaks(heard)).toBe(false);
    await page.close();
  });

  it('a secret an earlier version stored plain is sealed and still works', async () => {
    const page = await firefox.extensionPage('options.html');
    await ask(page, { type: 'connection.forgetSecret' });
    await page.evaluate(
      (s) => (globalThis as unknown as Ext).browser.storage.local.set({ secret: { value: s, savedAt: 1 } }),
      secret,
    );
    const state = await ask(page, { type: 'state.get' });
    expect(state).toMatchObject({ ok: true, value: { hasSecret: true, secretSavedAt: 1 } });
    const local = await dump(page, 'local');
    expect(leaks(local)).toBe(false);
    expect(local).toContain('sealedSecret');
    await page.close();
  });
});
