import type { JobProgress } from '../../../shared/schemas/jobs';
import { formatSize } from '../format';

/** One redrawn progress line for a terminal (stderr only, never for scripts). */
export function progressLine(p: JobProgress): string {
  const verb = p.kind === 'restore' ? 'Restoring' : 'Searching';
  const count = `${p.done}${p.total === null ? '' : `/${p.total}`}`;
  return `\r${verb}… ${count} files, ${formatSize(p.bytesDone)}   `;
}
