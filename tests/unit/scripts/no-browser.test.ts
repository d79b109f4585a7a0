// @vitest-environment node
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandLines } from './processes';

/**
 * `npm run bench` and `npm start` on a machine whose browser cannot start. Before, the bench built,
 * simulated, started its https server, failed to launch Chromium and then sat listening until killed.
 * Now each says why in one line and exits non-zero within seconds, leaving nothing running.
 */

interface Finished {
  code: number | null;
  stderr: string;
  ms: number;
}

function run(args: string[], env: Record<string, string>, timeoutMs: number): Promise<Finished> {
  const startedAt = Date.now();
  const child = spawn('npm', args, {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - startedAt });
    });
  });
}

// Only what this checkout started: another checkout's bench may run on the machine at the same time.
const running = (fragment: string) =>
  commandLines({ cwd: process.cwd() }).filter((line) => line.includes(fragment));

// A browser that exists but cannot start (exits at once), as a broken install does.
const BROKEN = { CHROMIUM_PATH: '/bin/false' };

describe('without a working browser', () => {
  it('npm run bench exits non-zero within seconds, with a one-line reason, and writes nothing', async () => {
    const results = readFileSync('bench/results.json', 'utf8');
    const run1 = await run(['run', '--silent', 'bench', '--', '--quick', '--no-build'], BROKEN, 90_000);
    expect(run1.code).toBe(1);
    expect(run1.stderr.trim().split('\n')).toEqual([
      'npm run bench: cannot start Chromium: /bin/false exited with 1',
    ]);
    expect(run1.ms).toBeLessThan(60_000);
    expect(readFileSync('bench/results.json', 'utf8')).toBe(results);
    expect(running('bench/run.ts')).toEqual([]);
  }, 120_000);

  it('npm start exits non-zero with a one-line reason and leaves no server behind', async () => {
    const start = await run(
      ['run', '--silent', 'start', '--', '--headless', '--no-build', '--browser', '/bin/false'],
      {},
      90_000,
    );
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/^npm start: /m);
    expect(start.ms).toBeLessThan(60_000);
    expect(running('scripts/start.ts')).toEqual([]);
  }, 120_000);
});
