/**
 * snapper's config file format (`/etc/snapper/configs/<name>`): shell-style `KEY="value"` lines,
 * `#` comments. The simulator keeps its configs in `<state>/configs/<name>` in the same format.
 */

import { definedAt } from '../../../shared/util/defined';

/** The values of snapper's `default` template (Debian snapper 0.10.4), in its order. */
export const TEMPLATE_DEFAULTS: ReadonlyArray<readonly [string, string]> = [
  ['SUBVOLUME', '/'],
  ['FSTYPE', 'btrfs'],
  ['QGROUP', ''],
  ['SPACE_LIMIT', '0.5'],
  ['FREE_LIMIT', '0.2'],
  ['ALLOW_USERS', ''],
  ['ALLOW_GROUPS', ''],
  ['SYNC_ACL', 'no'],
  ['BACKGROUND_COMPARISON', 'yes'],
  ['NUMBER_CLEANUP', 'yes'],
  ['NUMBER_MIN_AGE', '1800'],
  ['NUMBER_LIMIT', '50'],
  ['NUMBER_LIMIT_IMPORTANT', '10'],
  ['TIMELINE_CREATE', 'yes'],
  ['TIMELINE_CLEANUP', 'yes'],
  ['TIMELINE_MIN_AGE', '1800'],
  ['TIMELINE_LIMIT_HOURLY', '10'],
  ['TIMELINE_LIMIT_DAILY', '10'],
  ['TIMELINE_LIMIT_WEEKLY', '0'],
  ['TIMELINE_LIMIT_MONTHLY', '10'],
  ['TIMELINE_LIMIT_YEARLY', '10'],
  ['EMPTY_PRE_POST_CLEANUP', 'yes'],
  ['EMPTY_PRE_POST_MIN_AGE', '1800'],
];

const LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replaceAll('\\"', '"');
  }
  return value;
}

/** Parses a config file into its key/values (later keys win, like a shell). */
export function parseConfigFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = unquote(match[2]);
  }
  return values;
}

/** Writes key/values in snapper's format: template keys first in template order, then the rest. */
export function formatConfigFile(values: Readonly<Record<string, string>>): string {
  const known = TEMPLATE_DEFAULTS.map(([key]) => key).filter((key) => key in values);
  const extra = Object.keys(values)
    .filter((key) => !known.includes(key))
    .sort();
  const quote = (value: string): string => `"${value.replaceAll('"', '\\"')}"`;
  return [...known, ...extra].map((key) => `${key}=${quote(values[key] ?? '')}\n`).join('');
}

/** Template defaults overlaid with `values` (what CreateConfig writes). */
export function configFromTemplate(
  values: Readonly<Record<string, string>>,
): Record<string, string> {
  return { ...Object.fromEntries(TEMPLATE_DEFAULTS), ...values };
}

/** ALLOW_USERS / ALLOW_GROUPS: space separated, `\ ` escapes a space inside a name. */
export function splitNameList(value: string | undefined): string[] {
  if (!value) return [];
  const names: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const char = definedAt(value, i, 'i < value.length');
    if (char === '\\' && value[i + 1] === ' ') {
      current += ' ';
      i += 1;
    } else if (char === ' ') {
      if (current) names.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current) names.push(current);
  return names;
}
