import { readdirSync, readFileSync } from 'node:fs';

/** Every process's command line on this machine, as `ps` shows them (Linux /proc). */
export function commandLines(): string[] {
  const lines: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      lines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return lines;
}
