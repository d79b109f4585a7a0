// @vitest-environment node
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLines } from './processes';

/**
 * `npm run sandbox` as a developer runs it: through npm, stopped by the pid the shell gives. Before,
 * npm's SIGTERM killed the shell between npm and tsx, and the tsx/node children kept the port; the
 * secret given with --secret showed in `ps` for each of them.
 */

/** A seed no other test uses, to tell this test's processes from other sandboxes on the machine. */
const MARK = '918273645';
const ours = (line: string) => line.includes('sandbox.ts') && line.includes(`--seed ${MARK}`);

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }
});

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('npm run sandbox, through npm', () => {
  it('takes the secret from OAT_SANDBOX_SECRET, keeps it out of every process list, and frees its port on SIGTERM to npm', async () => {
    const secret = '6a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
    const npm = spawn('npm', ['run', '--silent', 'sandbox', '--', '--port', '0', '--seed', MARK], {
      cwd: process.cwd(),
      env: { ...process.env, OAT_SANDBOX_SECRET: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own group, so the test can clean up after a failure without touching vitest.
      detached: true,
    });
    started.push(npm);
    let output = '';
    npm.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const apiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${output}`)), 30_000);
      npm.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Sandbox API: (http:\/\/127\.0\.0\.1:\d+\/webhook\/[^/\s]+)\/\.\.\./.exec(output);
        if (match?.[1] && output.includes('Control:')) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      npm.on('exit', (code) => reject(new Error(`npm exited with ${code}:\n${output}`)));
    });
    expect(apiUrl).toContain(secret);
    expect(output).not.toContain('Secret (generated)');
    expect((await fetch(`${apiUrl}/bots`)).status).toBe(200);
    expect(commandLines().filter((line) => line.includes(secret))).toEqual([]);

    const port = new URL(apiUrl).port;
    process.kill(npm.pid as number, 'SIGTERM');
    await exited(npm);
    // Nothing that ran the sandbox is left, and nothing answers on its port.
    const deadline = Date.now() + 5_000;
    while (commandLines().some((line) => ours(line))) {
      if (Date.now() > deadline) break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    expect(commandLines().filter((line) => ours(line))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/__sandbox/now`)).rejects.toThrow();
  }, 60_000);
});
