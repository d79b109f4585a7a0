// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateChromeMessages, parseMessagesText } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';
import { words } from '@/lib/words';
import en from '@/locales/en.json';
import {
  childrenOf,
  inlineSentences,
  literalTexts,
  type Node,
  parseSource,
  readsAsPhrase,
} from './inline-words';

/**
 * The catalogue of words (locales/en.json) is the one place of every sentence the trader reads: no
 * view writes one inline, each is said one way, every entry is used, every call fills every `$n`,
 * and the messages the browser reads (_locales, made from the same file) hold every entry as written.
 */

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['entrypoints', 'components', 'lib', 'wxt.config.ts'];

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full).flatMap((name) => files(join(path, name)));
}

const sources = SOURCES.flatMap(files)
  .filter((f) => /\.(ts|tsx|html)$/.test(f))
  .map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
const code = sources
  .filter((s) => /\.tsx?$/.test(s.file))
  .map((s) => ({ ...s, program: parseSource(s.text, s.file.endsWith('.tsx')) }));

const catalogue: Record<string, string> = en;

/**
 * Files still writing the trader's sentences inline, each to move into the catalogue (README, "Ready
 * for the stores"). The scan below holds every other file to the rule, and fails when a file here
 * has nothing inline any more, so this list only shrinks.
 */
const NOT_YET_MOVED: Record<string, string> = {};

/**
 * Inline text that is not a sentence to translate, by file and text, each with its reason.
 */
const NOT_WORDS: { file: string; text: string; why: string }[] = [
  {
    file: 'entrypoints/overlay/app.tsx',
    text: 'button:not(.grip), select, input, a',
    why: 'a CSS selector, not text',
  },
  {
    file: 'entrypoints/overlay/chart-diagnostic.tsx',
    text: 'copy refused',
    why: 'caught below, never shown',
  },
  {
    file: 'components/leg-builder.tsx',
    text: 'YYYY-MM-DD',
    why: 'the date format the API takes, the same in every language',
  },
  { file: 'lib/scope/optional-sites.ts', text: 'Yahoo Finance', why: "a site's name" },
  { file: 'lib/chart/sites/yahoo.ts', text: 'Yahoo Finance', why: "a site's name" },
];

/** Not text a trader reads at all: the sandbox plays the API server (its words are the server's). */
const NOT_VIEWS = [/^lib\/sandbox\//, /^lib\/words/];

describe('the catalogue of words', () => {
  it('no source writes a catalogued sentence inline', () => {
    const inline: string[] = [];
    const shown = code.map(({ file, program }) => ({ file, texts: literalTexts(program) }));
    for (const [key, sentence] of Object.entries(catalogue)) {
      // The sentence without its $1 substitutions: the longest literal stretch of it.
      const stretch =
        sentence
          .split(/\$\d/)
          .sort((a, b) => b.length - a.length)[0]
          ?.trim() ?? '';
      if (stretch.length < 12) continue;
      for (const { file, texts } of shown)
        if (
          !(file in NOT_YET_MOVED) &&
          !NOT_VIEWS.some((re) => re.test(file)) &&
          texts.some((t) => t.includes(stretch))
        )
          inline.push(`${key} in ${file}`);
    }
    expect(inline).toEqual([]);
  });

  it('says each sentence one way: no two entries hold the same words', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [key, sentence] of Object.entries(catalogue)) {
      const other = seen.get(sentence);
      if (other) twice.push(`${other} = ${key}`);
      seen.set(sentence, key);
    }
    expect(twice).toEqual([]);
  });

  it('names each entry once: of a key written twice, JSON keeps one sentence and silently drops the other', () => {
    const keys = [...readFileSync(join(ROOT, 'locales/en.json'), 'utf8').matchAll(/^\s*"([^"]+)"\s*:/gm)].map(
      (m) => m[1],
    );
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    // One entry a line: the scan above saw every key.
    expect(keys).toHaveLength(Object.keys(catalogue).length);
  });

  it('every entry is used, by words() or by __MSG_…__ in the manifest', () => {
    const all = sources.map((s) => s.text).join('\n');
    const unused = Object.keys(catalogue).filter(
      (key) => !all.includes(`'${key}'`) && !all.includes(`__MSG_${key}__`),
    );
    expect(unused).toEqual([]);
  });

  it('every words() call gives each $n of its sentence a value, and no more', () => {
    const wrong: string[] = [];
    const keysOf = (node: Node): string[] | null => {
      if (node.type === 'StringLiteral') return [node.value as string];
      if (node.type === 'ConditionalExpression') {
        const a = keysOf(node.consequent as Node);
        const b = keysOf(node.alternate as Node);
        return a && b ? [...a, ...b] : null;
      }
      return null;
    };
    for (const { file, program } of code) {
      const visit = (node: Node): void => {
        const callee = node.callee as Node | undefined;
        if (node.type === 'CallExpression' && callee?.type === 'Identifier' && callee.name === 'words') {
          const [first, ...rest] = node.arguments as Node[];
          for (const key of (first && keysOf(first)) ?? []) {
            const sentence = catalogue[key];
            const wanted = sentence
              ? Math.max(0, ...[...sentence.matchAll(/\$(\d)/g)].map((m) => Number(m[1])))
              : -1;
            if (wanted !== rest.length) wrong.push(`${file}: ${key} takes ${wanted}, given ${rest.length}`);
          }
        }
        childrenOf(node).forEach(visit);
      };
      visit(program);
    }
    expect(wrong).toEqual([]);
  });

  it('holds only messages the browser reads as written: names it accepts, no empty text, $ as $$', () => {
    for (const [key, sentence] of Object.entries(catalogue)) {
      expect(key).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
      expect(sentence.trim()).not.toBe('');
      // A lone $ is the start of a placeholder to getMessage: a dollar sign is written $$.
      expect(sentence.replace(/\$\$|\$[1-9]/g, ''), key).not.toContain('$');
      // `$1$2` reads to Chrome as the named placeholder `$1$`, which is not defined: Chrome then
      // refuses to load the whole extension (seen: its worker never started).
      expect(sentence.replace(/\$\$/g, ''), key).not.toMatch(/\$[A-Za-z0-9_@]+\$/);
    }
    // What @wxt-dev/i18n writes to _locales/en/messages.json: every entry, word for word.
    const built = generateChromeMessages(
      parseMessagesText(readFileSync(join(ROOT, 'locales/en.json'), 'utf8'), 'JSON5'),
    ) as Record<string, { message: string }>;
    expect(Object.keys(built).sort()).toEqual(Object.keys(catalogue).sort());
    for (const [key, sentence] of Object.entries(catalogue)) expect(built[key]?.message).toBe(sentence);
  });

  it('fills $1 as Chrome does, reads $$ as a dollar sign, and leaves a missing one visible', () => {
    expect(words('rateLimitedWait', '42 seconds')).toMatch(/^Wait 42 seconds before sending anything/);
    expect(words('rateLimitedWait')).toContain('$1');
    expect(words('sitesBarchart')).toContain('; $ indices');
    expect(words('labelTrim', 50, 'SPY PUT SPREAD (#7)')).toBe('Trim 50% of SPY PUT SPREAD (#7)');
  });
});

describe('no view writes a sentence inline', () => {
  const scanned = code.filter(
    ({ file }) => !NOT_VIEWS.some((re) => re.test(file)) && file !== 'wxt.config.ts',
  );

  it('finds none outside the files still to move, and each of those still has some', () => {
    const inline: string[] = [];
    const moved: string[] = [];
    for (const { file, program } of scanned) {
      const found = inlineSentences(program).filter(
        (s) => !NOT_WORDS.some((n) => n.file === file && n.text === s.text),
      );
      if (file in NOT_YET_MOVED) {
        if (found.length === 0) moved.push(file);
        continue;
      }
      for (const s of found) inline.push(`${file}:${s.line} ${s.where}: ${s.text}`);
    }
    expect(inline).toEqual([]);
    // A file moved to the catalogue leaves the list, so the rule holds it from then on.
    expect(moved).toEqual([]);
  });

  it('the scanner itself sees an inline sentence in JSX, an attribute and a result line', () => {
    const fixture = `
      import { words } from '@/lib/words';
      export const NOTICE = 'Could not bind the bot';
      export function View({ n }: { n: number }) {
        console.warn('Could not read the cached state');
        return (
          <section class="ct-card ct-card--wide" aria-label="Open trades" data-testid="view">
            <p>{words('tradesNone')}</p>
            <p>No open trades.</p>
            <button title={n > 0 ? 'Close the trade' : undefined}>{words('tradeExit')} ×</button>
            <span>{n} · %</span>
            <p>{\`\${n} trades known open\`}</p>
          </section>
        );
      }`;
    expect(inlineSentences(fixture, true).map((s) => `${s.where}: ${s.text}`)).toEqual([
      'string: Could not bind the bot',
      'attribute aria-label: Open trades',
      'jsx: No open trades.',
      'attribute title: Close the trade',
      'string: $_ trades known open',
    ]);
    expect(inlineSentences(`const a = { kind: 'enterBot', class: 'ct-btn ct-btn--small' };`, false)).toEqual(
      [],
    );
    expect(readsAsPhrase('Not found')).toBe(true);
    expect(readsAsPhrase('reads.refresh')).toBe(false);
  });
});
