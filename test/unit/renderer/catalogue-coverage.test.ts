/**
 * A visible string must come from the catalogue (shared/i18n/{en,de}.json through t()), or the
 * German UI shows English. This parses every renderer .tsx file with the TypeScript compiler and
 * fails on: JSX text with letters in it, a string literal with letters as a JSX child
 * ({'text'}), and a literal with letters in a user-visible attribute (aria-label, title,
 * placeholder, alt, ...), directly or as a branch of a conditional. Punctuation and symbols
 * ("·", "›", "…") are allowed; so are names that are the same in every language (ALLOWED).
 * Also: every counted sentence has its plural forms in both languages (i18next's _one/_other).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import de from '../../../shared/i18n/de.json';
import en from '../../../shared/i18n/en.json';

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER = join(ROOT, 'renderer/src');

/** Attributes a person sees or hears (screen readers read aria-*). */
const VISIBLE_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
  'aria-placeholder',
  'title',
  'placeholder',
  'alt',
  'label',
]);

/** Words that are the same in every language Kairn speaks: the product's own name. */
const ALLOWED = new Set(['Kairn']);
/** snapper's own configuration keys (ALLOW_USERS, SYNC_ACL), shown as the helper types them. */
const CONFIG_KEYS = /^[A-Z][A-Z0-9_]*(\s*\/\s*[A-Z][A-Z0-9_]*)*$/;

const HAS_LETTER = /\p{L}/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

function isVisibleText(text: string): boolean {
  const trimmed = text.trim();
  return (
    trimmed !== '' &&
    HAS_LETTER.test(trimmed) &&
    !ALLOWED.has(trimmed) &&
    !CONFIG_KEYS.test(trimmed)
  );
}

/** The string literals an expression shows as it is: itself, or either branch of a ?: / ??, ||. */
function literalsShown(node: ts.Expression): ts.StringLiteralLike[] {
  if (ts.isStringLiteralLike(node)) return [node];
  if (ts.isParenthesizedExpression(node)) return literalsShown(node.expression);
  if (ts.isConditionalExpression(node))
    return [...literalsShown(node.whenTrue), ...literalsShown(node.whenFalse)];
  if (
    ts.isBinaryExpression(node) &&
    [
      ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.BarBarToken,
      ts.SyntaxKind.AmpersandAmpersandToken,
    ].includes(node.operatorToken.kind)
  )
    return node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken
      ? literalsShown(node.right)
      : [...literalsShown(node.left), ...literalsShown(node.right)];
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    return HAS_LETTER.test(parts) ? [ts.factory.createStringLiteral(parts)] : [];
  }
  return [];
}

/** "file:line: what" for every visible string in `source` that bypasses the catalogue. */
export function bypasses(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  );
  const found: string[] = [];
  const report = (node: ts.Node, text: string, where: string): void => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${fileName}:${line + 1}: ${where} "${text.trim()}"`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && isVisibleText(node.text)) report(node, node.text, 'text');
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const lit of literalsShown(node.expression))
        if (isVisibleText(lit.text)) report(node, lit.text, 'text');
    }
    if (ts.isJsxAttribute(node) && VISIBLE_ATTRIBUTES.has(node.name.getText(file))) {
      const init = node.initializer;
      const shown = !init
        ? []
        : ts.isStringLiteral(init)
          ? [init]
          : ts.isJsxExpression(init) && init.expression
            ? literalsShown(init.expression)
            : [];
      for (const lit of shown)
        if (isVisibleText(lit.text)) report(node, lit.text, node.name.getText(file));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('every visible string goes through the catalogue', () => {
  it('finds what bypasses it (the scan itself can fail)', () => {
    const sample = `
      export const A = () => <p title="Open it">Hello {name} · {'Restore'}{ok ? 'Yes' : t('no')}<b>›</b>
        <input placeholder={\`Find \${x}\`} aria-label={t('ui.x')} data-testid="x-row" alt="" /></p>;`;
    expect(bypasses('sample.tsx', sample)).toEqual([
      'sample.tsx:2: title "Open it"',
      'sample.tsx:2: text "Hello"',
      'sample.tsx:2: text "Restore"',
      'sample.tsx:2: text "Yes"',
      'sample.tsx:3: placeholder "Find"',
    ]);
  });

  it('in every renderer component', () => {
    const found = tsxFiles(RENDERER).flatMap((path) =>
      bypasses(relative(ROOT, path), readFileSync(path, 'utf8')),
    );
    expect(found).toEqual([]);
  });
});

/** Flattens the catalogue to "a.b.c" → text. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (typeof value === 'object' && value !== null)
      for (const [k, v] of flatten(value as object, path)) out.set(k, v);
  }
  return out;
}

describe('plurals go through i18next', () => {
  const sets = { en: flatten(en), de: flatten(de) };
  it.each(Object.entries(sets))(
    '%s: every _one has its _other, which shows the number',
    (_lang, flat) => {
      const broken: string[] = [];
      for (const [key, text] of flat) {
        const plural = /_(one|other)$/.exec(key);
        if (!plural) continue;
        const base = key.slice(0, -plural[0].length);
        if (!flat.has(`${base}_one`) || !flat.has(`${base}_other`))
          broken.push(`${key}: pair missing`);
        // The number shown may be {{count}} or a locale-formatted copy of it ({{formatted}}).
        if (plural[1] === 'other' && !text.includes('{{')) broken.push(`${key}: shows no number`);
      }
      expect(broken).toEqual([]);
    },
  );
});

/** Keys whose German is rightly the same word as the English (checked by a German speaker). */
const SAME_IN_GERMAN = new Set([
  'ui.common.details', // Details
  'ui.hub.systemTitle', // System
  'ui.hub.details.osRelease', // os-release, a file name
  'ui.hub.details.configName', // Name
  'ui.hub.details.subvolume', // Subvolume, btrfs' term
  'ui.restorePoints.version', // "Version {{version}}" is the same word in German
  'ui.updates.bringsVersion', // "Version {{version}}" again, for what the restart brings
  'ui.browser.colName', // Name
  'ui.kinds.text', // Text
]);

describe('German is complete', () => {
  it('every German sentence is filled and differs from the English, except words that are the same', () => {
    const english = flatten(en);
    const untranslated = [...flatten(de)]
      .filter(
        ([key, text]) =>
          text.trim() === '' || (text === english.get(key) && !SAME_IN_GERMAN.has(key)),
      )
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});
