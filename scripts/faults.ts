/**
 * `npm run test:faults`: runs the fault suite (vitest project `faults`) and prints, per fault, how
 * many cases were tried and how many held. Exits non-zero unless every case that ran held.
 * Cases skipped with a `// BUG:` comment are listed apart: each is a known defect waiting for a fix.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface AssertionResult {
  ancestorTitles: string[];
  title: string;
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo' | 'disabled';
  failureMessages: string[];
}

interface JsonReport {
  success: boolean;
  testResults: { name: string; assertionResults: AssertionResult[] }[];
}

interface Row {
  family: string;
  fault: string;
  tried: number;
  held: number;
  skipped: number;
}

function runVitest(outputFile: string): Promise<number> {
  const args = [
    'vitest',
    'run',
    '--project',
    'faults',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${outputFile}`,
    ...process.argv.slice(2),
  ];
  return new Promise((resolve) => {
    const child = spawn('npx', args, { stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

function readReport(file: string): JsonReport | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as JsonReport;
  } catch {
    return null;
  }
}

/** Rows by describe: the outer one names the family (API responses, Stored data...), the next the fault. */
function tabulate(report: JsonReport): {
  rows: Row[];
  failed: AssertionResult[];
  skipped: AssertionResult[];
} {
  const rows = new Map<string, Row>();
  const failed: AssertionResult[] = [];
  const skipped: AssertionResult[] = [];
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      const family = test.ancestorTitles[0] ?? 'other';
      const fault = test.ancestorTitles[1] ?? '—';
      const key = `${family}\u0000${fault}`;
      const row = rows.get(key) ?? { family, fault, tried: 0, held: 0, skipped: 0 };
      rows.set(key, row);
      if (test.status === 'passed') {
        row.tried++;
        row.held++;
      } else if (test.status === 'failed') {
        row.tried++;
        failed.push(test);
      } else {
        row.skipped++;
        skipped.push(test);
      }
    }
  }
  return { rows: [...rows.values()], failed, skipped };
}

function printTable(rows: Row[]): void {
  const header = ['Family', 'Fault', 'Tried', 'Held', 'Skipped (bug)'];
  const body = rows.map((r) => [r.family, r.fault, String(r.tried), String(r.held), String(r.skipped || '')]);
  const total = rows.reduce(
    (sum, r) => ({ tried: sum.tried + r.tried, held: sum.held + r.held, skipped: sum.skipped + r.skipped }),
    { tried: 0, held: 0, skipped: 0 },
  );
  const footer = ['Total', '', String(total.tried), String(total.held), String(total.skipped || '')];
  const all = [header, ...body, footer];
  const widths = header.map((_, i) => Math.max(...all.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i >= 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  console.info(`\nFault suite\n${line(header)}\n${rule}`);
  for (const cells of body) {
    const row = rows[body.indexOf(cells)];
    const mark = row && row.held < row.tried ? '  ✗' : '';
    console.info(line(cells) + mark);
  }
  console.info(`${rule}\n${line(footer)}`);
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'faults-'));
  const outputFile = join(dir, 'report.json');
  try {
    const code = await runVitest(outputFile);
    const report = readReport(outputFile);
    if (!report) {
      console.error('\nThe fault suite did not produce a report: it could not run.');
      return code === 0 ? 1 : code;
    }
    const { rows, failed, skipped } = tabulate(report);
    if (rows.length === 0) {
      console.error('\nThe fault suite found no cases.');
      return 1;
    }
    printTable(rows);
    if (skipped.length > 0) {
      console.info(`\nSkipped, known bugs (see the // BUG: comment above each):`);
      for (const test of skipped) console.info(`  - ${[...test.ancestorTitles, test.title].join(' › ')}`);
    }
    if (failed.length > 0) {
      console.error(`\n${failed.length} case(s) did not hold:`);
      for (const test of failed) console.error(`  ✗ ${[...test.ancestorTitles, test.title].join(' › ')}`);
      return 1;
    }
    if (code !== 0) {
      console.error('\nVitest failed outside the cases (a file did not load?): see above.');
      return code;
    }
    console.info('\nAll fault cases held.');
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
