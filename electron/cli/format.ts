import { KairnCallError } from '../../shared/api/client';
import { KairnError } from '../core/errors';

/** JSON for scripts: stable, two-space indented, one trailing newline. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Bytes in a short human form (1.2 MB). */
export function formatSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** ISO date → "2026-11-02 09:00" in local time, as people read it. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return (
    rows
      .map((row) =>
        row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** Text squeezed onto one bounded line (a stderr message is always exactly one line). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * The one stderr line for a failure: the contract sentence and its code. For invalid input
 * the detail (which param, what is wrong) is the useful part, so it is added.
 */
export function errorLine(err: unknown): string {
  if (err instanceof KairnCallError) {
    const { message, code, detail } = err.payload;
    const why = code === 'invalid-input' && detail !== undefined ? ` ${detail}` : '';
    return `kairn: ${oneLine(message + why)} (${code})\n`;
  }
  if (err instanceof KairnError) return `kairn: ${oneLine(err.message)} (${err.code})\n`;
  const message = err instanceof Error ? err.message : String(err);
  return `kairn: ${oneLine(message)}\n`;
}
