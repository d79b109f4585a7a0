// @vitest-environment node
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SPX_IRON_CONDOR_BOT } from '../../../lib/sandbox/index';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) {
    // The whole group, in case the script started anything of its own.
    if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }
});

/**
 * Starts what `npm run sandbox` runs and waits for the line that says where it listens. Node loads
 * tsx as a loader so the signals reach the script itself: npx/npm do not pass them on, and the tsx
 * CLI's relay can answer for a busy child with its own exit code.
 */
async function startSandbox(
  args: string[],
): Promise<{ child: ChildProcess; apiUrl: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/sandbox.ts', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const apiUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start:\n${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Sandbox API: (http:\/\/127\.0\.0\.1:\d+\/webhook\/[^/\s]+)\/\.\.\./.exec(output);
      if (match?.[1] && output.includes(String(SPX_IRON_CONDOR_BOT))) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited with ${code}:\n${output}`)));
  });
  return { child, apiUrl, output: () => output };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('npm run sandbox', () => {
  it('serves the API over real HTTP with the given secret, and stops cleanly on SIGTERM', async () => {
    const secret = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const { child, apiUrl } = await startSandbox(['--port', '0', '--secret', secret]);
    expect(apiUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/webhook/${secret}$`));

    const bots = await fetch(`${apiUrl}/bots`);
    expect(bots.status).toBe(200);
    const body = await bots.json();
    expect(body.success).toBe(true);
    expect(body.data.map((b: { id: number }) => b.id)).toContain(SPX_IRON_CONDOR_BOT);

    const wrong = await fetch(`${apiUrl.replace(secret, '00000000-0000-4000-8000-000000000000')}/bots`);
    expect(wrong.status).toBe(401);

    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  }, 40_000);

  it('generates a secret when none is given, and mounts the control routes', async () => {
    const { child, apiUrl, output } = await startSandbox(['--port', '0']);
    const secret = /webhook\/([^/]+)$/.exec(apiUrl)?.[1] ?? '';
    expect(secret).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(output()).toContain(`Secret (generated): ${secret}`);

    const origin = new URL(apiUrl).origin;
    const armed = await fetch(`${origin}/__sandbox/fault`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'reset', count: 1 }),
    });
    expect(armed.status).toBe(200);
    // A reset fault drops the connection: a real fetch fails rather than getting an answer.
    await expect(fetch(`${apiUrl}/trades`).then((r) => r.text())).rejects.toThrow();
    expect((await fetch(`${apiUrl}/trades`)).status).toBe(200);

    const log = await (await fetch(`${origin}/__sandbox/requests`)).json();
    expect(log.map((r: { path: string }) => r.path)).toEqual([
      '/webhook/{secret}/trades',
      '/webhook/{secret}/trades',
    ]);

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  }, 40_000);
});
