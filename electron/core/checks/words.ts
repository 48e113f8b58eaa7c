import type { CheckWords } from '../../../shared/schemas/checks';
import en from '../../../shared/i18n/en.json';

type Tree = { readonly [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Bytes in English for the CLI and the report (the UI formats them in the person's locale). */
export function englishBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0
    ? `${String(Math.round(value))} bytes`
    : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit] ?? ''}`;
}

/** A value named `at` (or ending in "At") is an ISO date and time: written out in English. */
export function isDateValue(name: string): boolean {
  return name === 'at' || name.endsWith('At');
}

function englishDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * The English text of a check's words from en.json (`checks.<key>`), with `{{name}}` filled in:
 * values whose name ends in "Bytes" as sizes, dates (`at`) written out, and `count` choosing the `_one`/`_other` form.
 */
export function englishWords(words: CheckWords): string {
  const checks: Tree = en.checks;
  const count = words.values.count;
  const plural =
    typeof count === 'number'
      ? new Intl.PluralRules('en').select(count) === 'one'
        ? '_one'
        : '_other'
      : '';
  const template =
    lookup(checks, `${words.key}${plural}`) ?? lookup(checks, words.key) ?? words.key;
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = words.values[name];
    if (value === undefined) return whole;
    if (typeof value === 'string' && isDateValue(name)) return englishDate(value);
    return typeof value === 'number' && name.endsWith('Bytes')
      ? englishBytes(value)
      : String(value);
  });
}
