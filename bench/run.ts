import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumUnavailable } from '../tests/browser/harness/chromium';
import { compareWithCommit, type SameRunComparison } from './against';
import { type BrowserResults, runBrowserBench } from './browser';
import { type EntrySize, measureBuild, measureZips, type ZipSize } from './size';
import { paired, round, type Summary, summarize } from './stats';

/**
 * `npm run bench`: builds the production extension, measures it (speed in real headless Chromium
 * against the sandbox, size, idle cost, memory, the rate budget on the sandbox clock), prints a table,
 * writes bench/results.json and puts the table in README's Benchmarks section.
 *
 *   npm run bench                  the full run (a few minutes)
 *   npm run bench -- --quick       fewer samples, for trying the bench itself; its results go to the
 *                                  untracked bench/tmp/results-quick.json, README is left alone
 *   npm run bench -- --no-build    measure the build already in .output/
 *   npm run bench -- --no-readme   leave README.md alone
 *   npm run bench -- --rounds=N    click-to-order rounds (default 50)
 *   npm run bench -- --against=C   also measure commit C's build in the same run, in alternating
 *                                  blocks, and judge the overhead's growth against it (bench/against.ts)
 */

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TMP = join(ROOT, 'bench', 'tmp');
const OUTPUT = join(ROOT, '.output');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const started = Date.now();
const startLoad = round(loadavg()[0] ?? 0, 1);
const log = (line: string) => console.info(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}`);

const GOALS = {
  warmOverheadP50: 10,
  coldOverheadP50: 150,
  /** Issue 11: the click-to-order overhead may grow by at most this much over the previous run. */
  overheadGrowthP50: 2,
  switchShownP95: 100,
  popupP50: 100,
  /** Issue 15: the P&L a view shows is at most this old (s), p95, while any view is seen. */
  pnlAgeP95S: 15,
  /** Issue 15: with the worker stopped the cached rows come first, the worker wakes after them. */
  popupColdP50: 150,
  gzipKb: { 'content script': 6, overlay: 25, popup: 35, background: 45 } as Record<string, number>,
};

type Status = 'met' | 'missed' | 'info';

interface Row {
  group: string;
  what: string;
  value: string;
  baseline: string;
  goal: string;
  status: Status;
}

function run(command: string, commandArgs: string[], what: string): void {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`${what} failed (exit ${result.status})`);
  }
}

/**
 * A private copy of the build: other work in this checkout may rebuild .output/ while we measure.
 */
async function snapshotBuild(): Promise<{ chrome: string; firefox: string; zips: ZipSize[] }> {
  const ready = () =>
    ['chrome-mv3', 'firefox-mv2'].every((b) => existsSync(join(OUTPUT, b, 'manifest.json'))) &&
    readdirSync(OUTPUT).some((f) => f.endsWith('-chrome.zip'));
  // A build started elsewhere in this checkout empties .output/ for a while: wait for it to finish.
  for (let waited = 0; !ready() && waited < 120_000; waited += 1_000) {
    if (waited === 0) log('waiting for a build in progress in .output/…');
    await new Promise((ok) => setTimeout(ok, 1_000));
  }
  const dir = join(TMP, 'build');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const build of ['chrome-mv3', 'firefox-mv2']) {
    if (!existsSync(join(OUTPUT, build, 'manifest.json')))
      throw new Error(`No .output/${build}: run npm run build`);
    cpSync(join(OUTPUT, build), join(dir, build), { recursive: true });
  }
  const zipNames = readdirSync(OUTPUT).filter((f) => /-(chrome|firefox)\.zip$/.test(f));
  for (const zip of zipNames) cpSync(join(OUTPUT, zip), join(dir, zip));
  return {
    chrome: join(dir, 'chrome-mv3'),
    firefox: join(dir, 'firefox-mv2'),
    zips: measureZips(dir, zipNames),
  };
}

const ms = (x: number) => `${round(x, 1)} ms`;
const kb = (bytes: number, digits = 1) => `${round(bytes / 1024, digits)} kB`;
const mb = (bytes: number) => `${round(bytes / 1024 ** 2, 2)} MB`;
/** p50 / p95 in ms, and n: short enough for a README table line (the spread is in results.json). */
const span = (s: Summary) => `p50 ${round(s.p50, 1)} / p95 ${ms(s.p95)} (n=${s.n})`;
const judge = (ok: boolean): Status => (ok ? 'met' : 'missed');
/** At most `n` characters of a text for a table cell. */
const cut = (text: string, n: number) => (text.length <= n ? text : `${text.slice(0, n - 1)}…`);

interface RateBudget {
  share: number;
  reserve: number;
  apiLimit: number;
  requests: number;
  reads: number;
  ordersSent: number;
  ordersTried: number;
  maxInAnyWindow: number;
  status429: number;
  ordersHeldForBudget: number;
  ordersHeldWhileReserveHeld: number;
  budgetDelayMs: number;
  stressMinute: { orders: number; share: number };
  pnl: PnlFigures;
  /** The same hour with the 30 s polling of every open view that the P&L schedule replaced. */
  baseline: { pnl: PnlFigures; reads: number };
}

/** P&L age while some view is seen, and reads per minute seen and unseen (rate-budget.bench-sim.ts). */
interface PnlFigures {
  periodS: number;
  seenMinutes: number;
  unseenMinutes: number;
  ageP50S: number;
  ageP95S: number;
  ageMaxS: number;
  readsPerMinSeen: number;
  readsPerMinUnseen: number;
}

function clickRows(b: BrowserResults): Row[] {
  const { warm, cold, baseline } = b.clickToOrder;
  const base = summarize(baseline);
  const rows: Row[] = [];
  for (const [name, series, goal] of [
    ['warm worker', warm, GOALS.warmOverheadP50],
    ['cold worker', cold, GOALS.coldOverheadP50],
  ] as const) {
    const s = summarize(series);
    const overhead = summarize(paired(series, baseline));
    rows.push({
      group: '1 click',
      what: `click → POST, ${name}`,
      value: `${span(s)}; overhead p50 ${ms(overhead.p50)}`,
      baseline: `plain fetch ${span(base)}`,
      goal: `overhead ≤ ${goal} ms p50`,
      status: judge(overhead.p50 <= goal),
    });
  }
  const split = b.clickToOrder.warmSplit;
  const toBackground = summarize(split.toBackground);
  const inBackground = summarize(split.inBackground);
  rows.push({
    group: '1 click',
    what: 'warm: click → background; background → POST',
    value: `p50 ${ms(toBackground.p50)}; p50 ${ms(inBackground.p50)}`,
    baseline: 'wall clock, 1 ms',
    goal: '—',
    status: 'info',
  });
  rows.push({
    group: '1 click',
    what: 'cold rounds that lost the chart',
    value: `${b.clickToOrder.chartLostAfterRestart} of ${b.clickToOrder.rounds}`,
    baseline: 'reconnect after 1 s',
    goal: '0',
    status: judge(b.clickToOrder.chartLostAfterRestart === 0),
  });
  const lost = b.clickToOrder.lost;
  if (lost.warm + lost.cold + lost.baseline > 0) {
    rows.push({
      group: '1 click',
      what: 'clicks with no POST within 3 s',
      // What the overlay said, cut short: a table line stays readable (full texts in results.json).
      value: `warm ${lost.warm}, cold ${lost.cold}, baseline ${lost.baseline}; overlay said: ${b.clickToOrder.lostBecause
        .slice(0, 2)
        .map((l) => `${l.count}× "${cut(l.text, 40)}"`)
        .join('; ')}`,
      baseline: '—',
      goal: '0',
      status: 'missed',
    });
  }
  return rows;
}

function switchRows(b: BrowserResults): Row[] {
  return [...markupSwitchRows(b.symbolSwitch, ''), ...markupSwitchRows(b.symbolSwitchLegacy, ' (legacy)')];
}

function markupSwitchRows(s: BrowserResults['symbolSwitch'], markup: string): Row[] {
  const shown = summarize(s.shown);
  const enabled = summarize(s.enabled);
  const late = summarize(s.lateLegendEnabled);
  const enabledGoal = GOALS.switchShownP95 + s.settleMs;
  return [
    {
      group: '2 switch',
      what: `setSymbol → ticker shown${markup}`,
      value: span(shown),
      baseline: 'all landmarks at once',
      goal: `p95 ≤ ${GOALS.switchShownP95} ms`,
      status: judge(shown.p95 <= GOALS.switchShownP95),
    },
    {
      group: '2 switch',
      what: `setSymbol → Enter enabled${markup}`,
      value: span(enabled),
      baseline: `settle ${s.settleMs} ms`,
      goal: `p95 ≤ ${enabledGoal} ms`,
      status: judge(enabled.p95 <= enabledGoal),
    },
    {
      group: '2 switch',
      what: `legend ${s.lateLegendDelayMs} ms late → enabled${markup}`,
      value: span(late),
      baseline: `settle ${s.settleMs} ms`,
      goal: `p95 ≤ ${enabledGoal} ms`,
      status: judge(late.p95 <= enabledGoal),
    },
  ];
}

function popupRows(b: BrowserResults): Row[] {
  const rows: Row[] = [];
  for (const [name, series, goal, dclSeries, blankSeries] of [
    ['worker running', b.popup.warm, GOALS.popupP50, b.popup.domContentLoaded, b.popup.blank],
    [
      'worker stopped',
      b.popup.cold,
      GOALS.popupColdP50,
      b.popup.domContentLoadedCold ?? [],
      b.popup.blankCold,
    ],
  ] as const) {
    const s = summarize(series);
    const dcl = summarize(dclSeries.length > 0 ? dclSeries : b.popup.domContentLoaded);
    // Results from before the blank page was measured have none.
    const blank = (blankSeries ?? []).length > 0 ? summarize(blankSeries) : null;
    rows.push({
      group: '3 popup',
      what: `open → first row, ${name}`,
      value: span(s),
      baseline: `DOMContentLoaded p50 ${ms(dcl.p50)}${blank ? `; blank page ${ms(blank.p50)}` : ''}`,
      goal: `p50 ≤ ${goal} ms`,
      status: judge(s.p50 <= goal),
    });
  }
  // The first row may be a saved one (marked, order buttons off): when the live rows replace it.
  const live = summarize(b.popup.warmLive);
  const coldLive = summarize(b.popup.coldLive);
  rows.push({
    group: '3 popup',
    what: 'open → live rows (running; stopped)',
    value: `p50 ${round(live.p50, 1)}; ${ms(coldLive.p50)}`,
    baseline: 'saved rows first, inert',
    goal: '—',
    status: 'info',
  });
  return rows;
}

function idleRows(b: BrowserResults): Row[] {
  const i = b.idle;
  const perMin = (n: number) => round((n * 60_000) / i.sampleMs, 0);
  const messages = Object.values(i.backgroundMessages).reduce((a, n) => a + n, 0);
  const domWrites = Math.max(i.extensionDomMutations, i.styleWrites);
  const sample = `${round(i.sampleMs / 1000, 0)} s ×${round(60_000 / i.sampleMs, 1)}`;
  return [
    {
      group: '4 idle',
      what: 'callbacks / min (title checks; reads)',
      value: `${perMin(i.observerCallbacks)} (${perMin(i.titleChecks)}; ${perMin(i.reads)}); calls ${perMin(i.allFunctionCalls)}`,
      baseline: `page mutations ${perMin(i.pageDomMutations)} / min`,
      goal: '—',
      status: i.contentScriptSeen ? 'info' : 'missed',
    },
    {
      group: '4 idle',
      what: 'DOM writes / min (frame; style)',
      value: `${perMin(i.extensionDomMutations)}; ${perMin(i.styleWrites)}`,
      baseline: sample,
      goal: '0',
      status: judge(domWrites === 0 && i.contentScriptSeen),
    },
    {
      group: '4 idle',
      what: 'messages / min (sent; received)',
      value: `${perMin(i.sends + i.sendMessageCalls)}; ${perMin(messages)}`,
      baseline: sample,
      goal: '0',
      status: judge(i.sends + i.sendMessageCalls + messages === 0 && i.contentScriptSeen),
    },
  ];
}

function sizeRows(entries: EntrySize[], zips: ZipSize[]): Row[] {
  const rows: Row[] = entries.map((e) => {
    const goal = GOALS.gzipKb[e.name];
    return {
      group: '5 size',
      what: `${e.name} (${e.files.length} file${e.files.length === 1 ? '' : 's'})`,
      value: `${kb(e.gzip, 2)} gzip, ${kb(e.raw)} raw`,
      baseline: '—',
      goal: goal === undefined ? '—' : `≤ ${goal} kB gzip`,
      status: goal === undefined ? 'info' : judge(e.gzip <= goal * 1024),
    };
  });
  for (const z of zips) {
    rows.push({
      group: '5 size',
      what: z.file.replace(/^oat-chart-trader-/, ''),
      value: kb(z.bytes),
      baseline: '—',
      goal: '—',
      status: 'info',
    });
  }
  return rows;
}

function rateRows(r: RateBudget): Row[] {
  return [
    {
      group: '6 budget',
      what: 'most requests in any 60 s',
      value: `${r.maxInAnyWindow} (of ${r.requests}: ${r.reads} reads, ${r.ordersSent} orders)`,
      baseline: `API limit ${r.apiLimit}`,
      goal: `≤ share ${r.share}`,
      status: judge(r.maxInAnyWindow <= r.share),
    },
    {
      group: '6 budget',
      what: '429 answers',
      value: String(r.status429),
      baseline: '—',
      goal: '0',
      status: judge(r.status429 === 0),
    },
    ...pnlRows(r),
    {
      group: '6 budget',
      what: 'orders delayed / held within the reserve',
      value: `${r.budgetDelayMs} ms / ${r.ordersHeldWhileReserveHeld} (past it: ${r.ordersHeldForBudget} of ${r.ordersTried})`,
      baseline: `reserve ${r.reserve}`,
      goal: '0 / 0',
      status: judge(r.budgetDelayMs === 0 && r.ordersHeldWhileReserveHeld === 0),
    },
  ];
}

/** P&L age and reads per minute side by side, each beside the 30 s polling it replaced. */
function pnlRows(r: RateBudget): Row[] {
  const [p, b] = [r.pnl, r.baseline.pnl];
  const age = (f: PnlFigures) => `p50 ${round(f.ageP50S, 1)} / p95 ${round(f.ageP95S, 1)} s`;
  const perMin = (f: PnlFigures) => `${round(f.readsPerMinSeen, 1)}; ${round(f.readsPerMinUnseen, 1)}`;
  return [
    {
      group: '6 budget',
      what: `P&L age, a view seen (${p.seenMinutes} min)`,
      value: `${age(p)} (max ${round(p.ageMaxS, 1)} s)`,
      baseline: `${b.periodS} s polling: ${age(b)}`,
      goal: `p95 ≤ ${GOALS.pnlAgeP95S} s`,
      status: judge(p.ageP95S <= GOALS.pnlAgeP95S),
    },
    {
      group: '6 budget',
      what: `reads / min: seen; unseen (${p.unseenMinutes} min)`,
      value: perMin(p),
      baseline: `${b.periodS} s polling: ${perMin(b)}`,
      goal: 'unseen < baseline',
      status: judge(p.readsPerMinUnseen < b.readsPerMinUnseen),
    },
  ];
}

function memoryRows(b: BrowserResults): Row[] {
  const m = b.memory;
  const withExtension = summarize(m.chartTabWithExtension);
  const without = summarize(m.chartTabWithoutExtension);
  const difference = withExtension.p50 - without.p50;
  const noise = Math.max(withExtension.max - withExtension.min, without.max - without.min);
  return [
    {
      group: '7 heap',
      what: 'chart tab with content script (median of 5)',
      value: `${mb(withExtension.p50)}; +${mb(difference)}${Math.abs(difference) <= noise ? ` (in the spread, ${mb(noise)})` : ''}`,
      baseline: `without: ${mb(without.p50)}`,
      goal: '—',
      status: 'info',
    },
    {
      group: '7 heap',
      what: 'overlay frame',
      value: mb(m.overlayFrame),
      baseline: '—',
      goal: '—',
      status: 'info',
    },
    {
      group: '7 heap',
      what: 'service worker',
      value: m.worker === null ? 'not measured' : mb(m.worker),
      baseline: '—',
      goal: '—',
      status: 'info',
    },
  ];
}

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const STATUS_WORD: Record<Status, string> = { met: 'met', missed: 'MISSED', info: '—' };

/** No table cell runs longer than this: a README line stays readable (the full figures are in results.json). */
const MAX_CELL = 80;

function consoleTable(rows: Row[]): string {
  const header = ['#', 'measure', 'value', 'baseline', 'goal', 'status'];
  const cells = rows.map((r) =>
    [r.group, r.what, r.value, r.baseline, r.goal, STATUS_WORD[r.status]].map((c) => cut(c, MAX_CELL)),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' │ ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('─┼─'), ...cells.map(line)].join('\n');
}

function markdownTable(rows: Row[]): string {
  const esc = (s: string) => cut(s, MAX_CELL).replace(/\|/g, '\\|');
  return [
    '| # | measure | value | baseline | goal | status |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${esc(r.group)} | ${esc(r.what)} | ${esc(r.value)} | ${esc(r.baseline)} | ${esc(r.goal)} | ${r.status === 'missed' ? '**missed**' : STATUS_WORD[r.status]} |`,
    ),
  ].join('\n');
}

interface Machine {
  cpus: number;
  cpu: string;
  memoryGb: number;
  chromium: string;
  node: string;
  date: string;
  /** 1-minute load average when the run started: other work on the machine moves the timings. */
  loadAverage: number;
}

/** Warm click-to-order of a run: p50 and the overhead over the plain-page fetch, p50 (ms). */
interface ClickFigures {
  date: string;
  warmP50: number;
  overheadP50: number;
}

function clickFigures(date: string, click: { warm: number[]; baseline: number[] }): ClickFigures {
  return {
    date,
    warmP50: summarize(click.warm).p50,
    overheadP50: summarize(paired(click.warm, click.baseline)).p50,
  };
}

/** The full run kept in bench/results.json before this one, if any: what this run is compared with. */
function previousRun(): ClickFigures | null {
  try {
    const old = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.json'), 'utf8')) as {
      quick?: boolean;
      machine: { date: string };
      samples: { clickToOrder: { warm: number[]; baseline: number[] } };
    };
    return old.quick ? null : clickFigures(old.machine.date, old.samples.clickToOrder);
  } catch {
    return null;
  }
}

/** The overhead's growth against an older build measured in this run (`--against`). */
function sameRunRow(c: SameRunComparison): Row {
  const growth = c.nowP50 - c.thenP50;
  return {
    group: '1 click',
    what: `warm overhead, this build vs ${c.commit}`,
    value: `p50 ${ms(c.nowP50)} vs ${ms(c.thenP50)} (${growth >= 0 ? '+' : ''}${ms(growth)})`,
    baseline: `same run, ${c.blocks} blocks each`,
    goal: `growth ≤ ${GOALS.overheadGrowthP50} ms p50`,
    status: judge(growth <= GOALS.overheadGrowthP50),
  };
}

function sameRunWords(c: SameRunComparison): string {
  const growth = c.nowP50 - c.thenP50;
  return (
    `Click → order (warm) against ${c.against} (${c.commit}), built and measured in this run in ` +
    `alternating blocks:\noverhead p50 ${ms(c.thenP50)} → ${ms(c.nowP50)} (n=${c.then.length} and ` +
    `${c.now.length}; ${growth >= 0 ? '+' : ''}${ms(growth)}; goal: growth ≤ ${GOALS.overheadGrowthP50} ms, ` +
    `${growth <= GOALS.overheadGrowthP50 ? 'met' : '**missed**'}).`
  );
}

/** One line: this run's warm click-to-order against the previous run's, and the growth goal. */
function comparison(now: ClickFigures, before: ClickFigures | null): string {
  if (before === null) return 'No earlier run to compare click-to-order with.';
  const growth = now.overheadP50 - before.overheadP50;
  return (
    `Click → order (warm) against the run of ${before.date}: p50 ${ms(before.warmP50)} → ` +
    `${ms(now.warmP50)};\noverhead p50 ${ms(before.overheadP50)} → ${ms(now.overheadP50)} ` +
    `(${growth >= 0 ? '+' : ''}${ms(growth)}; goal: growth ≤ ${GOALS.overheadGrowthP50} ms, ` +
    `${growth <= GOALS.overheadGrowthP50 ? 'met' : '**missed**'}).`
  );
}

function updateReadme(rows: Row[], machine: Machine, compared: string): void {
  const file = join(ROOT, 'README.md');
  const text = readFileSync(file, 'utf8');
  const heading = '## Benchmarks';
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error('README.md has no "## Benchmarks" section');
  const bodyStart = start + heading.length + 2;
  const next = text.indexOf('\n## ', bodyStart);
  const end = next < 0 ? text.length : next + 1;
  const missed = rows.filter((r) => r.status === 'missed');
  const body = [
    '',
    '`npm run bench` builds the production extension and measures it in headless Chromium against the',
    'sandbox (served as `app.optionsautotrader.com` over https by the browser-test harness) on the demo',
    'chart, each figure beside its baseline from the same run; the rate budget runs on the sandbox clock in',
    'Node. These are measurements, not pass/fail tests. Raw samples: `bench/results.json`.',
    '',
    'How: a click is a trusted Playwright mouse click on *Enter via bot* (Live, one-click on) timed in Node',
    "from the button's release to the POST's arrival at the https server, in the same process. As a",
    "person's, the pointer first rests on the button (480 ms of small moves: the overlay counts a click only",
    'after 400 ms of dwell), untimed. The baseline clicks a button on a plain `tradingview.com` page whose',
    'handler sends the same POST with `fetch`, the same way, in the same round; *cold* stops the worker',
    'through CDP after the dwell, just before the click. Symbol and popup times are taken in the pages;',
    "the popup's floor is a blank page that runs one empty script, added to the bench's copy of the build",
    "only, opened the same way between the popup's opens.",
    "Idle counts come from V8's precise coverage of the content script's functions (its `watchChart`",
    'counters and observer callbacks), DOM writes from a MutationObserver in the page, messages from a',
    'listener in the worker. Sizes: each file gzip -9, summed per entrypoint with the chunks and CSS it',
    'loads; 1 kB = 1024 bytes. Memory: used JS heap after a forced GC (`Runtime.getHeapUsage`). The rate',
    'budget runs the real background (view ports, P&L schedule, service) for a simulated hour: three chart',
    'tabs with an overlay all hour, the trader at the screen in stretches (one tab in front, the popup now',
    'and then) and away between them, the worker restarting every 5 min, random orders, bursts, and one',
    'minute with more orders than the share; P&L age is sampled each second a view is seen. The same',
    'hour is run again with the 30 s polling of every open view that it replaced (the baseline).',
    'On a shared 2-core machine the timings move by several ms between runs.',
    '',
    `Latest run: ${machine.date}, ${machine.cpus} CPUs (${machine.cpu}), ${machine.memoryGb} GB RAM,`,
    `Chromium ${machine.chromium}, Node ${machine.node}; load average ${machine.loadAverage} at the start.` +
      (machine.loadAverage > machine.cpus
        ? '\nThe machine was busy with other work: every timing, baselines included, is slower than on a quiet one.'
        : ''),
    '',
    markdownTable(rows),
    '',
    compared,
    '',
    missed.length === 0
      ? 'Every goal was met in this run.'
      : ['Goals missed in this run:', ...missed.map((r) => `- ${r.group}: ${r.what}`)].join('\n'),
    '',
  ].join('\n');
  writeFileSync(file, text.slice(0, bodyStart) + body + (next < 0 ? '' : `\n${text.slice(end)}`));
}

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const before = previousRun();
  // Before a minute of building and simulating: a bench without a browser cannot measure anything.
  const noBrowser = chromiumUnavailable();
  if (noBrowser) throw new Error(`cannot start Chromium: ${noBrowser}`);
  if (!args.has('--no-build')) {
    log('building the production extension (npm run build)…');
    run('npm', ['run', 'build'], 'npm run build');
  }
  const build = await snapshotBuild();
  const sizes = measureBuild(build.chrome);
  const firefoxSizes = measureBuild(build.firefox);

  log('rate budget: one simulated hour on the sandbox clock…');
  rmSync(join(TMP, 'rate-budget.json'), { force: true });
  run('npx', ['vitest', 'run', '--config', 'bench/vitest.config.ts'], 'rate-budget simulation');
  const rate = JSON.parse(readFileSync(join(TMP, 'rate-budget.json'), 'utf8')) as RateBudget & {
    serviceWallMs: number[];
  };

  log('headless Chromium…');
  const browser = await runBrowserBench({
    extensionDir: build.chrome,
    rounds:
      Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length)) ||
      (quick ? 8 : 50),
    switches: quick ? 6 : 20,
    popupOpens: quick ? 6 : 30,
    idleSampleMs: quick ? 5_000 : 20_000,
    log,
  });

  const againstArg = process.argv.find((a) => a.startsWith('--against='))?.slice('--against='.length);
  const sameRun = againstArg
    ? await compareWithCommit({
        root: ROOT,
        against: againstArg,
        extensionDir: build.chrome,
        rounds: quick ? 8 : 18,
        blocks: quick ? 2 : 4,
        log,
      })
    : null;

  const machine: Machine = {
    cpus: availableParallelism(),
    cpu: cpuModel(),
    memoryGb: round(totalmem() / 1024 ** 3, 1),
    chromium: browser.chromium,
    node: process.versions.node,
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    loadAverage: startLoad,
  };
  const rows = [
    ...clickRows(browser),
    ...switchRows(browser),
    ...popupRows(browser),
    ...idleRows(browser),
    ...sizeRows(sizes, build.zips),
    ...rateRows(rate),
    ...memoryRows(browser),
    ...(sameRun ? [sameRunRow(sameRun)] : []),
  ];

  process.stdout.write(`\n${consoleTable(rows)}\n\n`);
  const compared = sameRun
    ? sameRunWords(sameRun)
    : comparison(clickFigures(machine.date, browser.clickToOrder), before);
  log(compared.replaceAll('**', '').replaceAll('\n', ' '));
  const { serviceWallMs, ...rateSummary } = rate;
  // Only a full run is a result worth keeping in the repository; a quick one is for trying the bench.
  const resultsFile = quick ? join(TMP, 'results-quick.json') : join(ROOT, 'bench', 'results.json');
  writeFileSync(
    resultsFile,
    `${JSON.stringify(
      {
        machine,
        quick,
        durationS: round((Date.now() - started) / 1000, 0),
        table: rows,
        samples: {
          clickToOrder: browser.clickToOrder,
          symbolSwitch: browser.symbolSwitch,
          symbolSwitchLegacy: browser.symbolSwitchLegacy,
          popup: browser.popup,
        },
        idle: browser.idle,
        memory: browser.memory,
        size: { chrome: sizes, firefox: firefoxSizes, zips: build.zips },
        rateBudget: { ...rateSummary, serviceWallMs: summarize(serviceWallMs) },
        ...(sameRun ? { sameRun } : {}),
      },
      null,
      2,
    )}\n`,
  );
  log(`wrote ${resultsFile.slice(ROOT.length + 1)}`);
  if (!args.has('--no-readme') && !quick) {
    updateReadme(rows, machine, compared);
    log("updated README.md's Benchmarks section");
  }
  const missed = rows.filter((r) => r.status === 'missed');
  log(missed.length === 0 ? 'every goal met' : `${missed.length} goal(s) missed (see the table)`);
}

// Exit explicitly either way: a handle left open by a failed step (a server, a browser) must not keep
// the bench running after it has nothing left to measure.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`npm run bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
