import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// vitest runs from the project root; import.meta.url is not a file URL under the WXT plugin.
const FIXTURES = resolve(process.cwd(), 'tests/unit/api/fixtures');

/** A fixture's raw text, as the server would send it. */
export function fixtureText(name: string): string {
  return readFileSync(resolve(FIXTURES, name), 'utf8');
}

/** A fixture parsed, fresh each call so a test can mangle it. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(fixtureText(name)) as Record<string, unknown>;
}
