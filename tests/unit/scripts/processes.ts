import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * Every process's command line on this machine, as `ps` shows them (Linux /proc). With `cwd`, only the
 * processes started in that folder: the machine may run another checkout's bench beside this test, and
 * "nothing left running" is about what this checkout started.
 */
export function commandLines(options: { cwd?: string } = {}): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (options.cwd !== undefined && readlinkSync(`/proc/${pid}/cwd`) !== options.cwd) continue;
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // Gone between the listing and the read, or not ours to inspect.
    }
  }
  return lines;
}
