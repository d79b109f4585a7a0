/**
 * `npm run bench -- --against=<commit>`: this build's warm click-to-order overhead beside an older
 * commit's, measured in the same run. Figures from runs days apart are from other machines (another
 * CPU, another Chromium), so a growth goal ("the overhead grew by at most 2 ms") can only be judged
 * against a build measured minutes apart, in alternating blocks so that drift in the machine's load
 * falls on both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickToOrder, measureWarmClicks } from './browser';
import { paired, summarize } from './stats';

export interface SameRunComparison {
  /** The older commit, as given and as resolved. */
  against: string;
  commit: string;
  /** Warm overhead samples (click → POST minus the same round's plain fetch), ms. */
  now: number[];
  then: number[];
  nowP50: number;
  thenP50: number;
  blocks: number;
}

function git(root: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr.trim()}`);
  return run.stdout.trim();
}

/** The commit's Chrome build, in a scratch worktree that shares this checkout's node_modules. */
function buildAt(root: string, commit: string, log: (line: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'oat-against-'));
  git(root, ['worktree', 'add', '--detach', dir, commit]);
  const remove = () => {
    spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: root });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    log(`building ${commit} for the same-run comparison…`);
    const wxt = join(root, 'node_modules', '.bin', 'wxt');
    for (const args of [['prepare'], ['build']]) {
      const run = spawnSync(wxt, args, { cwd: dir, encoding: 'utf8', env: withoutOutDir() });
      if (run.status !== 0)
        throw new Error(`wxt ${args[0]} at ${commit} failed:\n${run.stdout}${run.stderr}`);
    }
    const extensionDir = join(dir, '.output', 'chrome-mv3');
    if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`no Chrome build at ${commit}`);
    return { extensionDir, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The environment without a build-folder override: the old commit builds into its own .output. */
function withoutOutDir(): NodeJS.ProcessEnv {
  const { OAT_OUT_DIR: _ignored, ...env } = process.env;
  return env;
}

const overheads = (c: ClickToOrder) => paired(c.warm, c.baseline);

export async function compareWithCommit(options: {
  root: string;
  against: string;
  extensionDir: string;
  /** Warm rounds per block and build (the first three of each block warm up and are not kept). */
  rounds: number;
  blocks: number;
  log: (line: string) => void;
}): Promise<SameRunComparison> {
  const { root, against, log } = options;
  const commit = git(root, ['rev-parse', '--short', `${against}^{commit}`]);
  const old = buildAt(root, commit, log);
  try {
    const now: number[] = [];
    const then: number[] = [];
    for (let block = 0; block < options.blocks; block++) {
      // Alternating which goes first, so neither build always meets the warmer machine.
      const order = block % 2 === 0 ? (['now', 'then'] as const) : (['then', 'now'] as const);
      for (const which of order) {
        const dir = which === 'now' ? options.extensionDir : old.extensionDir;
        const clicks = await measureWarmClicks(dir, options.rounds, () => {});
        (which === 'now' ? now : then).push(...overheads(clicks));
      }
      log(`  same-run comparison: block ${block + 1}/${options.blocks}`);
    }
    return {
      against,
      commit,
      now,
      then,
      nowP50: summarize(now).p50,
      thenP50: summarize(then).p50,
      blocks: options.blocks,
    };
  } finally {
    old.remove();
  }
}
