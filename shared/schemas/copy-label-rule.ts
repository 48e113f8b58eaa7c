/**
 * The rule for the words in a restored copy's name ("restored from Mon 3 Nov 14.00"), without
 * zod so the renderer can check a label it built (zod's eval probe trips the page's CSP).
 */

/** Longest copy label, in characters. */
export const COPY_LABEL_MAX = 80;

/** Path separators, what FAT, exFAT and Windows refuse in names, and control characters. */
const NOT_IN_FILE_NAMES = /[/\\:*?"<>|\p{Cc}]/u;

/** True for a label that can go into a file name on every disk: 1-80 characters, trimmed, nothing refused. */
export function isFileNameSafeLabel(label: string): boolean {
  return (
    label.length >= 1 &&
    label.length <= COPY_LABEL_MAX &&
    label.trim() === label &&
    !NOT_IN_FILE_NAMES.test(label)
  );
}
