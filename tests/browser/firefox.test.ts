import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness';

/**
 * The Firefox build (`wxt build -b firefox`) as addons.mozilla.org's linter sees it. The build in a
 * running Firefox ESR is tested in firefox-flows.test.ts.
 */

/**
 * Warnings `web-ext lint` may still give, each explained in the README's Firefox section. Anything
 * else (and any error at all) fails the build.
 */
const KNOWN_LINT_WARNINGS = new Set([
  // Inside Preact's renderer (its dangerouslySetInnerHTML path), which no component of ours uses.
  'UNSAFE_VAR_ASSIGNMENT',
]);

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}

describe('web-ext lint on the Firefox build', () => {
  it('finds no errors, and no warning beyond the explained ones', async () => {
    const webExt = join(REPO_ROOT, 'node_modules', '.bin', 'web-ext');
    // web-ext exits non-zero when it finds errors; the JSON report is on stdout either way.
    const { stdout } = await promisify(execFile)(
      webExt,
      ['lint', '-s', join(REPO_ROOT, '.output/firefox-mv2'), '--output', 'json', '--no-config-discovery'],
      { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; message: string }) => {
      if (error.stdout) return { stdout: error.stdout };
      throw error;
    });
    const report = JSON.parse(stdout) as { errors: LintMessage[]; warnings: LintMessage[] };
    const brief = (m: LintMessage) => `${m.code} ${m.file ?? ''}: ${m.message}`;
    expect(report.errors.map(brief)).toEqual([]);
    expect(report.warnings.filter((w) => !KNOWN_LINT_WARNINGS.has(w.code)).map(brief)).toEqual([]);
  }, 60_000);
});
