/**
 * `npm start`: the production extension in a dedicated Chromium profile, on the demo chart page,
 * with the local sandbox standing in for the API. The trader's own browser profile is never used.
 *
 *   npm start                                  headed, until the browser is closed or Ctrl-C
 *   npm start -- --headless --screenshot FILE  waits for the overlay, saves a screenshot, exits
 *   options: --port 443 (default: a free port), --browser PATH (or CHROMIUM_PATH), --no-build,
 *            --markup current|legacy (TradingView's markup on the demo chart; default current)
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Frame, Page } from 'playwright-core';
import { MARKUPS, type Markup } from '../demo/chart/markup.js';
import { createSandbox } from '../lib/sandbox';
import { type ChromiumSession, launchChromium } from '../tests/browser/harness/chromium';
import { REPO_ROOT, startServer } from '../tests/browser/harness/server';

const DEMO_URL = 'https://www.tradingview.com/chart/demo/';
const OVERLAY_WAIT_MS = 10_000;

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    browser: { type: 'string' },
    headless: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    markup: { type: 'string', default: 'current' },
  },
});

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string {
  const given = args.browser ?? process.env.CHROMIUM_PATH;
  if (given) {
    if (!isExecutable(given)) fail(`No browser at ${given}.`);
    return given;
  }
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const candidates = [
    '/usr/bin/chromium',
    ...['google-chrome', 'chromium-browser', 'chromium'].flatMap((name) =>
      dirs.map((dir) => join(dir, name)),
    ),
  ];
  const found = candidates.find(isExecutable);
  if (!found) fail('No Chromium found: install one (apt-get install chromium) or pass --browser PATH.');
  return found;
}

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

if (!MARKUPS.includes(args.markup as Markup)) fail(`--markup takes ${MARKUPS.join(' or ')}.`);

function build(): void {
  console.info('Building the production extension (wxt build)...');
  const result = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'wxt'), ['build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) fail('wxt build failed.');
}

/** The overlay is an extension-origin iframe, possibly inside a closed shadow root: look at frames. */
async function waitForOverlay(page: Page): Promise<Frame | null> {
  const deadline = Date.now() + OVERLAY_WAIT_MS;
  while (Date.now() < deadline) {
    const overlay = page.frames().find((frame) => frame.url().startsWith('chrome-extension://'));
    if (overlay) {
      // The frame loads empty, then renders once the background answers: wait for that too.
      await overlay
        .waitForFunction(() => (document.body?.textContent ?? '').trim() !== '', undefined, {
          timeout: Math.max(0, deadline - Date.now()),
        })
        .catch(() => {});
      // Then for the symbol to settle, so the picture shows the overlay ready to trade.
      await overlay
        .getByRole('button', { name: 'Enter via bot' })
        .and(overlay.locator(':enabled'))
        .waitFor({ timeout: Math.max(0, deadline - Date.now()) })
        .catch(() => {});
      return overlay;
    }
    await page.waitForTimeout(200);
  }
  return null;
}

async function main(): Promise<void> {
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    fail(`--port must be a port number, not ${args.port}`);
  const headless = args.headless || args.screenshot !== undefined;
  const executablePath = findChromium();
  if (!args['no-build']) build();

  // A made-up secret in the right shape: Live mode in this browser reaches only the local sandbox.
  const secret = randomUUID();
  const sandbox = createSandbox({ secret });
  const server = await startServer({ port, sandbox }).catch((error: Error) =>
    fail(`could not start the https server on port ${port}: ${error.message}`),
  );

  let session: ChromiumSession | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await session?.close();
    await server.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(130));
  process.once('SIGTERM', () => void stop(143));

  try {
    session = await launchChromium({
      serverPort: server.port,
      headless,
      executablePath,
      handleSignals: false,
    });
  } catch (error) {
    const hint = !headless && !process.env.DISPLAY ? ' (no DISPLAY: try `npm start -- --headless`)' : '';
    console.error(`npm start: could not launch ${executablePath}${hint}: ${(error as Error).message}`);
    await stop(1);
    return;
  }
  session.context.on('close', () => void stop(0));

  const page = session.context.pages()[0] ?? (await session.context.newPage());
  await page.goto(`${DEMO_URL}?markup=${args.markup}`);

  if (args.screenshot !== undefined) {
    const overlay = await waitForOverlay(page);
    if (!overlay)
      console.warn(`No overlay iframe after ${OVERLAY_WAIT_MS / 1000} s; taking the screenshot anyway.`);
    const file = resolve(args.screenshot);
    mkdirSync(dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    console.info(`Screenshot saved: ${file}`);
    await stop(0);
    return;
  }

  console.info(
    [
      '',
      `Chart Trader is running in a throwaway Chromium profile on ${DEMO_URL}?markup=${args.markup} (Paper mode).`,
      "The demo chart serves TradingView's current markup; ?markup=legacy the older one.",
      `Test server: port ${server.port}; www.tradingview.com and app.optionsautotrader.com point at it.`,
      `Live mode here only reaches the local sandbox. Its secret: ${secret}`,
      'Close the browser or press Ctrl-C to stop.',
    ].join('\n'),
  );
}

main().catch((error: unknown) => fail((error as Error).stack ?? String(error)));
