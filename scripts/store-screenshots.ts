/**
 * `npm run store:screenshots`: the store pictures, 1280×800 PNG, from the production build in the
 * test harness's Chromium and demo server (Paper mode, the demo account): the demo chart with the
 * overlay, and the toolbar popup over the chart, each in light and dark. Written to store/screenshots/.
 *
 *   npm run store:screenshots              builds first (wxt build)
 *   npm run store:screenshots -- --no-build
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SPX_IRON_CONDOR_BOT } from '../lib/sandbox/account';
import { startSession, stopSession } from '../tests/browser/harness/live-session';
import { REPO_ROOT } from '../tests/browser/harness/server';

const OUT = join(REPO_ROOT, 'store', 'screenshots');
const SIZE = { width: 1280, height: 800 };
const DEMO_URL = 'https://www.tradingview.com/chart/demo/';
type Theme = 'light' | 'dark';

async function overlayFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().startsWith('chrome-extension://'));
    if (frame) {
      // Ready to trade: the symbol settled and "Enter via bot" enabled.
      await frame
        .getByRole('button', { name: 'Enter via bot' })
        .and(frame.locator(':enabled'))
        .waitFor({ timeout: Math.max(1, deadline - Date.now()) });
      return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error('The overlay never appeared on the demo chart.');
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'wxt'), ['build'], {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('wxt build failed');
  }
  mkdirSync(OUT, { recursive: true });
  const session = await startSession(randomUUID());
  try {
    const { context } = session.browser;
    for (const theme of ['light', 'dark'] as Theme[]) {
      const chart = await context.newPage();
      await chart.setViewportSize(SIZE);
      await chart.emulateMedia({ colorScheme: theme });
      await chart.goto(`${DEMO_URL}?symbol=SPX${theme === 'dark' ? '&theme=dark' : ''}`);
      await overlayFrame(chart);
      await chart.waitForTimeout(500);
      const chartFile = join(OUT, `chart-${theme}.png`);
      const chartPng = await chart.screenshot({ path: chartFile });
      console.info(`wrote ${chartFile}`);

      const popup = await session.browser.extensionPage('popup.html');
      await popup.emulateMedia({ colorScheme: theme });
      await popup.setViewportSize({ width: 400, height: 600 });
      // The live view, not the saved rows drawn first (marked data-cached).
      await popup
        .locator(`[data-bot-id="${SPX_IRON_CONDOR_BOT}"]:not([data-cached])`)
        .waitFor({ timeout: 15_000 });
      await popup.locator('[data-testid="trade-row"]').first().waitFor({ timeout: 15_000 });
      const popupPng = await popup.screenshot();
      await popup.close();

      // The popup as the browser shows it: hanging from the toolbar over the chart it trades.
      const frame = await context.newPage();
      await frame.setViewportSize(SIZE);
      const dim = theme === 'dark' ? 'rgba(0,0,0,0.45)' : 'rgba(255,255,255,0.35)';
      await frame.setContent(`<!doctype html><html><body style="margin:0;width:1280px;height:800px;overflow:hidden;
        background:url(data:image/png;base64,${chartPng.toString('base64')}) 0 0/1280px 800px">
        <div style="position:absolute;inset:0;background:${dim}"></div>
        <img alt="" src="data:image/png;base64,${popupPng.toString('base64')}" style="position:absolute;top:24px;right:40px;
          width:400px;height:600px;border-radius:8px;box-shadow:0 8px 32px rgba(0,0,0,0.45)">
        </body></html>`);
      await frame.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
      const popupFile = join(OUT, `popup-${theme}.png`);
      await frame.screenshot({ path: popupFile });
      console.info(`wrote ${popupFile}`);
      await frame.close();
      await chart.close();
    }
  } finally {
    await stopSession(session);
  }
}

main().catch((error: unknown) => {
  console.error(`store:screenshots: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
