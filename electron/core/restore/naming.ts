/**
 * Names for restored copies (pure). A restored copy that cannot take its own name is called
 * `Report (restored from Mon 3 Nov 14.00).odt`: the snapshot's local date and time in the user's
 * words (the renderer builds the label in the user's language and locale; the CLI gets the
 * English one below), the extension kept last; ` 2`, ` 3`… when that name is taken too.
 * The time is written `14.00`, not `14:00`: a colon is fine on Linux but cannot be copied to a
 * USB stick (FAT/exFAT) or a Windows share, and "14.00" is a usual way to write times in
 * British English and in German (DIN 5008).
 */

import { CopyLabel } from '../../../shared/schemas/jobs';

/** Longest file name Linux accepts, in bytes. */
const NAME_MAX = 255;

/** Compound extensions kept together (`archive (restored …).tar.gz`). */
const DOUBLE_EXT = /\.tar\.(?:gz|bz2|xz|zst|lz|lzma|z)$/i;
/** A plausible extension: short, no spaces or dots (`notes v2.final draft` has none). */
const SINGLE_EXT = /\.[^.\s]{1,16}$/;

/** Marker in temp names; the files browser may hide entries carrying it. */
export const TEMP_MARKER = '.kairn-tmp-';

/** True for a label that can go into a file name on every disk (the contract's rule, see CopyLabel). */
export function isValidCopyLabel(label: string): boolean {
  return CopyLabel.safeParse(label).success;
}

/** A formatted date made file-name-safe: every kind of space a plain one, `:` written `.`. */
export function fileNameSafeDate(text: string): string {
  return text.replace(/\s+/gu, ' ').replace(/:/g, '.').trim();
}

/**
 * The English default, for callers that send no label (the CLI): "restored from Mon 3 Nov 14.00",
 * with the year when the point is from another year than `now`, in local time.
 */
export function restoredLabel(date: Date | null, now: Date = new Date()): string {
  if (date === null) return 'restored';
  const year = date.getFullYear() === now.getFullYear() ? undefined : 'numeric';
  const day = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year,
  }).format(date);
  const time = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
  return `restored from ${fileNameSafeDate(`${day} ${time}`)}`;
}

/** Splits a name into stem and extension; folders, dotfiles and extension-less names have none. */
export function splitName(name: string, isDir: boolean): { stem: string; ext: string } {
  if (isDir) return { stem: name, ext: '' };
  const match = DOUBLE_EXT.exec(name) ?? SINGLE_EXT.exec(name);
  if (!match || match.index === 0 || name.slice(0, match.index).trim() === '')
    return { stem: name, ext: '' };
  return { stem: name.slice(0, match.index), ext: name.slice(match.index) };
}

/** Cuts a string to at most `bytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch);
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}

/** Fits `stem + suffix` into NAME_MAX by shortening the stem (the suffix says what the file is). */
function fit(stem: string, suffix: string): string {
  const room = NAME_MAX - Buffer.byteLength(suffix);
  return truncateUtf8(stem, Math.max(room, 1)) + suffix;
}

/** The n-th keep-both name (n = 1 → no number): `stem (label) n.ext`. */
export function keepBothName(name: string, isDir: boolean, label: string, n = 1): string {
  const { stem, ext } = splitName(name, isDir);
  const number = n > 1 ? ` ${n}` : '';
  return fit(stem, ` (${label})${number}${ext}`);
}

/** Names to try in order: the plain name (unless `skipPlain`), then the keep-both names. */
export function* candidateNames(
  name: string,
  isDir: boolean,
  label: string,
  skipPlain = false,
): Generator<string, void, undefined> {
  if (!skipPlain) yield name;
  for (let n = 1; n <= 10_000; n += 1) yield keepBothName(name, isDir, label, n);
}

/** Hidden temp name in the destination folder: `.name.kairn-tmp-<random>`. */
export function tempName(name: string, random: string): string {
  return fit(`.${name}`, `${TEMP_MARKER}${random}`);
}

/** True for names this module generates as temp names. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER);
}
