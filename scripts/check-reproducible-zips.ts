/**
 * `npm run check:zips`: two builds from the same commit give byte-identical zips. Builds the
 * Chrome and Firefox zips (and the AMO sources zip) into a scratch folder and compares them with
 * the ones in .output, which `npm run build` made just before (the test command does that first);
 * with --twice it makes both sets itself.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../tests/browser/harness/server';

const wxt = join(REPO_ROOT, 'node_modules', '.bin', 'wxt');

function build(outDir: string): void {
  for (const args of [['zip'], ['zip', '-b', 'firefox']]) {
    const run = spawnSync(wxt, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, OAT_OUT_DIR: outDir },
      encoding: 'utf8',
    });
    if (run.status !== 0) {
      console.error(run.stdout, run.stderr);
      throw new Error(`wxt ${args.join(' ')} failed (exit ${run.status})`);
    }
  }
}

function zips(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.zip'))
    .sort()) {
    found.set(
      name,
      createHash('sha256')
        .update(readFileSync(join(dir, name)))
        .digest('hex'),
    );
  }
  return found;
}

const scratch = mkdtempSync(join(tmpdir(), 'oat-zips-'));
try {
  const twice = process.argv.includes('--twice');
  const first = twice ? join(scratch, 'first') : join(REPO_ROOT, '.output');
  if (twice) build(first);
  else if (!existsSync(first) || zips(first).size === 0)
    throw new Error('No zips in .output: run `npm run build` first.');
  const second = join(scratch, 'second');
  build(second);
  const a = zips(first);
  const b = zips(second);
  const names = [...new Set([...a.keys(), ...b.keys()])].sort();
  let same = 0;
  let differ = 0;
  for (const name of names) {
    if (a.get(name) !== undefined && a.get(name) === b.get(name)) {
      same++;
      console.info(`same      ${name}  ${a.get(name)}`);
    } else {
      differ++;
      console.error(`DIFFERENT ${name}  ${a.get(name) ?? '(missing)'}  ${b.get(name) ?? '(missing)'}`);
    }
  }
  if (names.length < 3) {
    differ++;
    console.error(`expected the chrome, firefox and sources zips; found ${names.join(', ') || 'none'}`);
  }
  console.info(`Reproducible zips: ${same} identical, ${differ} not.`);
  process.exitCode = differ === 0 ? 0 : 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
