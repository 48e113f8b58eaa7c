/** The row a list key moves to (arrows, Page Up/Down by `page` rows, Home/End), or null for other keys. */
export function indexAfterKey(
  key: string,
  index: number,
  count: number,
  page: number,
): number | null {
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'PageUp':
      return Math.max(0, index - page);
    case 'PageDown':
      return Math.min(count - 1, index + page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
