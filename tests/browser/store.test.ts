import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CHART_MATCHES } from '../../lib/scope/chart-hosts';
import { OPTIONAL_MATCHES } from '../../lib/scope/optional-sites';
import { REPO_ROOT } from './harness';

/**
 * What the stores receive, checked against what store/ and PRIVACY.md say about it: the two zips
 * `npm run build` made (the test command builds them first), through web-ext lint; every permission
 * justified; the listing texts within their limits; Firefox's data declaration the one PRIVACY.md
 * gives.
 */

const OUT = join(REPO_ROOT, '.output');
const zipOf = (browser: string) => {
  const name = existsSync(OUT) ? readdirSync(OUT).find((n) => n.endsWith(`-${browser}.zip`)) : undefined;
  if (!name) throw new Error(`No ${browser} zip in .output: run \`npm run build\` first.`);
  return join(OUT, name);
};
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(OUT, dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
/** A manifest text as the store shows it: `__MSG_key__` read from the package's own _locales/en. */
const shown = (dir: string, value: unknown): string => {
  const messages = JSON.parse(
    readFileSync(join(OUT, dir, '_locales', 'en', 'messages.json'), 'utf8'),
  ) as Record<string, { message: string }>;
  return String(value).replace(/__MSG_(\w+)__/g, (whole, key: string) => messages[key]?.message ?? whole);
};
const chrome = () => manifest('chrome-mv3');
const firefox = () => manifest('firefox-mv2');

/** `### key (max N)` followed by a ```text block, as store/*.md writes them. */
function blocks(file: string): Map<string, { max: number | null; text: string }> {
  const found = new Map<string, { max: number | null; text: string }>();
  const source = readFileSync(join(REPO_ROOT, file), 'utf8');
  for (const m of source.matchAll(/^### (\S+)(?: \(max (\d+)\))?\n```text\n([\s\S]*?)\n```$/gm)) {
    const [, key = '', max, text = ''] = m;
    found.set(key, { max: max === undefined ? null : Number(max), text });
  }
  return found;
}

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

const scratch = mkdtempSync(join(tmpdir(), 'oat-store-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function lint(zip: string): Promise<{ errors: LintMessage[]; warnings: LintMessage[] }> {
  const webExt = join(REPO_ROOT, 'node_modules', '.bin', 'web-ext');
  // web-ext exits non-zero when it finds errors; the JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(
    webExt,
    ['lint', '-s', zip, '--output', 'json', '--no-config-discovery'],
    { cwd: scratch, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string; message: string }) => {
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  return JSON.parse(stdout) as { errors: LintMessage[]; warnings: LintMessage[] };
}

const brief = (m: LintMessage) => `${m.code} ${m.file ?? ''}: ${m.message}`;

/** Inside Preact's renderer (its dangerouslySetInnerHTML path), which no component of ours uses (README). */
const KNOWN_WARNINGS = ['UNSAFE_VAR_ASSIGNMENT'];

/**
 * web-ext lints for Firefox. Run on the Chrome package it asks for what only Firefox reads: a gecko
 * id, a background page beside the service worker, the data declaration. Chrome warns on those keys
 * ("Unrecognized manifest key"), so the Chrome package leaves them out; everything else must be clean.
 */
const FIREFOX_ONLY_ON_CHROME = [
  'ADDON_ID_REQUIRED',
  'BACKGROUND_SERVICE_WORKER_NOFALLBACK',
  'MISSING_DATA_COLLECTION_PERMISSIONS',
];

describe('the store packages', () => {
  it('the Firefox zip passes web-ext lint: no error, no warning beyond the explained one', async () => {
    const report = await lint(zipOf('firefox'));
    expect(report.errors.map(brief)).toEqual([]);
    expect(report.warnings.filter((w) => !KNOWN_WARNINGS.includes(w.code)).map(brief)).toEqual([]);
  }, 90_000);

  it('the Chrome zip through web-ext lint: nothing beyond what only Firefox asks for', async () => {
    const report = await lint(zipOf('chrome'));
    const unexplained = [...report.errors, ...report.warnings].filter(
      (m) => !KNOWN_WARNINGS.includes(m.code) && !FIREFOX_ONLY_ON_CHROME.includes(m.code),
    );
    expect(unexplained.map(brief)).toEqual([]);
  }, 90_000);

  it("Firefox's data declaration is the one PRIVACY.md states", () => {
    const privacy = readFileSync(join(REPO_ROOT, 'PRIVACY.md'), 'utf8');
    const stated = /<!-- store-check: data_collection_permissions\.required = ([^>]*?) -->/.exec(privacy);
    expect(stated, 'PRIVACY.md names the declaration').not.toBeNull();
    const required = (stated?.[1] ?? '').split(',').map((s) => s.trim());
    const gecko = (firefox().browser_specific_settings as { gecko: Record<string, unknown> }).gecko;
    expect(gecko.data_collection_permissions).toEqual({ required });
    // Each declared category is explained in the policy's words, not only listed.
    for (const category of required) expect(privacy).toContain(`**${category}**`);
  });

  it('every permission and host the manifests ask for is justified in store/permissions.md, and no other', () => {
    const justified = blocks('store/permissions.md');
    const asked = new Set<string>();
    for (const m of [chrome(), firefox()]) {
      for (const p of [...((m.permissions as string[]) ?? []), ...((m.host_permissions as string[]) ?? [])]) {
        asked.add(
          CHART_MATCHES.includes(p)
            ? 'host:tradingview-charts'
            : p.includes('://')
              ? `host:${p}`
              : `permission:${p}`,
        );
      }
      // Chrome MV3 names them optional_host_permissions, Firefox MV2 optional_permissions.
      for (const p of [
        ...((m.optional_host_permissions as string[]) ?? []),
        ...((m.optional_permissions as string[]) ?? []),
      ]) {
        asked.add(OPTIONAL_MATCHES.includes(p) ? 'optional-host:other-charting-sites' : `optional:${p}`);
      }
    }
    const keys = [...justified.keys()].filter((k) => /^(permission|host|optional-host|optional):/.test(k));
    expect(keys.sort()).toEqual([...asked].sort());
    // The chart-host block names every host the manifest lists.
    const charts = justified.get('host:tradingview-charts')?.text ?? '';
    for (const host of CHART_MATCHES.map((p) => new URL(p.replace('/*', '/')).host.split('.')[0] ?? ''))
      expect(charts).toContain(host);
    const optional = justified.get('optional-host:other-charting-sites')?.text ?? '';
    for (const pattern of OPTIONAL_MATCHES) expect(optional).toContain(pattern);
    expect(justified.get('single-purpose')?.text.length ?? 0).toBeGreaterThan(50);
  });

  it('every listing text is within its limit, and names and summaries are the manifests own', () => {
    const all = new Map([...blocks('store/listing.md'), ...blocks('store/permissions.md')]);
    const over = [...all]
      .filter(([, b]) => b.max !== null && b.text.length > b.max)
      .map(([k, b]) => `${k}: ${b.text.length} > ${b.max}`);
    expect(over).toEqual([]);
    for (const [store, dir, m] of [
      ['chrome', 'chrome-mv3', chrome()],
      ['amo', 'firefox-mv2', firefox()],
    ] as const) {
      // The manifests take their texts from the catalogue (locales/en.json) by __MSG_…__.
      expect(m.name).toBe('__MSG_extName__');
      expect(m.default_locale).toBe('en');
      expect(all.get(`${store}.name`)?.text).toBe(shown(dir, m.name));
      expect(all.get(`${store}.summary`)?.text).toBe(shown(dir, m.description));
    }
    // The manifests' own limits: 132 characters of description in both browsers, names 75 / 50.
    expect(shown('chrome-mv3', chrome().description).length).toBeLessThanOrEqual(132);
    expect(shown('firefox-mv2', firefox().name).length).toBeLessThanOrEqual(50);
  });
});
