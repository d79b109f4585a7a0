import { parse } from '@babel/parser';

/**
 * Finds the sentences a source file writes inline instead of reading them from the catalogue of
 * words (locales/en.json through lib/words.ts). Three places are looked at:
 * - JSX text children with a word in them (`<p>No open trades.</p>`);
 * - string literals and templates given to an attribute a trader reads or hears (title, aria-label,
 *   placeholder, alt, label, and the components' own text props: emptyText, noneLabel, hint, note);
 * - any other string literal or template that reads as a phrase: two or more plain words
 *   (`'Could not bind the bot'`), which is how result lines, notices and errors thrown to the trader
 *   are written. Class lists, test ids, message types and keys have no plain words and pass.
 * Imports, console calls and type positions are not text a trader reads and are skipped.
 */

export interface InlineSentence {
  line: number;
  /** The text as written, whitespace folded. */
  text: string;
  /** Where it was found: `jsx`, `attribute title`, `string`. */
  where: string;
}

const READ_ATTRIBUTES = new Set([
  'title',
  'aria-label',
  'placeholder',
  'alt',
  'label',
  'emptyText',
  'noneLabel',
  'hint',
  'note',
]);

/** A word as a sentence has it: letters (an apostrophe inside), maybe closed by punctuation. */
const PLAIN_WORD = /^[(“"']?[A-Za-z]+(?:'[a-z]+)?[.,:;!?…)”"']*$/;

const hasWord = (text: string): boolean => /[A-Za-z]{2,}/.test(text);

/** Whether a string read outside JSX is a phrase: at least two plain words. */
export function readsAsPhrase(text: string): boolean {
  return text.split(/\s+/).filter((w) => PLAIN_WORD.test(w)).length >= 2;
}

export type Node = { type: string; loc?: { start: { line: number } } | null; [key: string]: unknown };

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

function templateText(node: Node): string {
  const quasis = (node.quasis as Node[]).map((q) => (q.value as { cooked: string | null }).cooked ?? '');
  return quasis.join('$_');
}

/** A TypeScript source (with JSX when `jsx`) as the tree the scans below walk. */
export function parseSource(source: string, jsx: boolean): Node {
  return parse(source, { sourceType: 'module', plugins: jsx ? ['typescript', 'jsx'] : ['typescript'] })
    .program as unknown as Node;
}

/** Every child node of `node`, comments aside. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments')
      continue;
    if (Array.isArray(value)) out.push(...value.filter(isNode));
    else if (isNode(value)) out.push(value);
  }
  return out;
}

/** The text of every string, template and JSX text in a tree: what a file may show, comments aside. */
export function literalTexts(program: Node): string[] {
  const out: string[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'StringLiteral' || node.type === 'JSXText') out.push(node.value as string);
    else if (node.type === 'TemplateElement')
      out.push((node.value as { cooked: string | null }).cooked ?? '');
    childrenOf(node).forEach(visit);
  };
  visit(program);
  return out.map((t) => t.replace(/\s+/g, ' '));
}

/** Where an attribute's text can come from: the attribute's value itself, or a branch of it. */
const CARRIES_TEXT = new Set(['JSXExpressionContainer', 'LogicalExpression', 'TSAsExpression']);

/** Every inline sentence in `source` (TypeScript, with JSX when `jsx`), or in a tree parseSource made. */
export function inlineSentences(source: string | Node, jsx = true): InlineSentence[] {
  const program = typeof source === 'string' ? parseSource(source, jsx) : source;
  const found: InlineSentence[] = [];
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
  const add = (node: Node, text: string, where: string) =>
    found.push({ line: node.loc?.start.line ?? 0, text: fold(text), where });

  const visit = (node: Node, attribute: string | null): void => {
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'TSTypeAnnotation':
      case 'TSTypeAliasDeclaration':
      case 'TSInterfaceDeclaration':
      case 'TSLiteralType':
        return;
      case 'CallExpression': {
        // console.warn('Could not reach the background', error): for the developer's console.
        const callee = node.callee as Node;
        if (
          callee.type === 'MemberExpression' &&
          (callee.object as Node).type === 'Identifier' &&
          (callee.object as Node).name === 'console'
        )
          return;
        // words('key', …): the key names a sentence of the catalogue; only the values can be inline.
        if (callee.type === 'Identifier' && callee.name === 'words') {
          for (const argument of (node.arguments as Node[]).slice(1)) visit(argument, null);
          return;
        }
        break;
      }
      case 'JSXText':
        if (hasWord(node.value as string)) add(node, node.value as string, 'jsx');
        return;
      case 'JSXAttribute': {
        const name = (node.name as Node).name;
        const read = typeof name === 'string' && READ_ATTRIBUTES.has(name) ? name : null;
        const value = node.value as Node | null;
        if (!value) return;
        if (value.type === 'StringLiteral') {
          if (read && hasWord(value.value as string)) add(value, value.value as string, `attribute ${read}`);
          return;
        }
        visit(value, read);
        return;
      }
      case 'StringLiteral': {
        const text = node.value as string;
        if (attribute ? hasWord(text) : readsAsPhrase(text))
          add(node, text, attribute ? `attribute ${attribute}` : 'string');
        return;
      }
      case 'TemplateLiteral': {
        const text = templateText(node);
        if (attribute ? hasWord(text.replace(/\$_/g, ' ')) : readsAsPhrase(text.replace(/\$_/g, ' ')))
          add(node, text, attribute ? `attribute ${attribute}` : 'string');
        for (const expression of node.expressions as Node[]) visit(expression, null);
        return;
      }
      case 'ObjectProperty':
        // Keys name things for code; only the value can be read.
        if (isNode(node.value)) visit(node.value, attribute);
        return;
      case 'ConditionalExpression':
        // `a === 'live' ? x : y`: the test is code; the branches are what the attribute says.
        visit(node.test as Node, null);
        visit(node.consequent as Node, attribute);
        visit(node.alternate as Node, attribute);
        return;
    }
    const inner = attribute !== null && CARRIES_TEXT.has(node.type) ? attribute : null;
    for (const child of childrenOf(node)) visit(child, inner);
  };
  visit(program, null);
  return found;
}
