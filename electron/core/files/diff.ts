import { structuredPatch, type StructuredPatch } from 'diff';

import type { TextDiff } from '../../../shared/schemas/files';
import { type FilesDeps, explainFailure, locateChecked } from './context';
import { openRegular, readHead } from './read-file';
import { decodeText } from './sniff';
import { throwIfAborted } from './util';

/** Larger files are not diffed: the result would not be readable and the diff would be slow. */
export const DIFF_MAX_BYTES = 2 * 1024 * 1024;
const CONTEXT_LINES = 3;
/** jsdiff gives up (returns undefined) after this; shown as too large rather than blocking. */
const DIFF_TIMEOUT_MS = 5000;

type Side = { text: string } | { unavailable: 'binary' | 'too-large' | 'missing' };

function unavailable(reason: 'binary' | 'too-large' | 'missing'): TextDiff {
  return { identical: false, unavailable: reason, hunks: [] };
}

/** Line diff of a text file at a snapshot (old side) against the current file (new side). */
export async function diffItem(
  deps: FilesDeps,
  config: string,
  snapshot: number,
  path: string,
  signal?: AbortSignal,
): Promise<TextDiff> {
  const then = await locateChecked(deps, config, snapshot, path, signal);
  const now = await locateChecked(deps, config, 0, path, signal);
  let old: Side;
  let cur: Side;
  try {
    old = await readSide(deps, then.target, signal);
    cur = await readSide(deps, now.target, signal);
  } catch (err) {
    throw await explainFailure(deps, config, snapshot, err, 'diff');
  }
  if ('unavailable' in old) return unavailable(old.unavailable);
  if ('unavailable' in cur) return unavailable(cur.unavailable);
  if (old.text === cur.text) return { identical: true, unavailable: null, hunks: [] };
  const patch = await patchOf(old.text, cur.text);
  if (!patch) return unavailable('too-large');
  return { identical: false, unavailable: null, hunks: patch.hunks.map(toHunk) };
}

async function readSide(deps: FilesDeps, target: string, signal?: AbortSignal): Promise<Side> {
  let stats;
  try {
    stats = await deps.fs.lstat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { unavailable: 'missing' };
    throw err;
  }
  if (!stats.isFile()) return { unavailable: stats.isDirectory() ? 'missing' : 'binary' };
  if (stats.size > DIFF_MAX_BYTES) return { unavailable: 'too-large' };
  const opened = await openRegular(deps.fs, target);
  if (!opened) return { unavailable: 'binary' };
  try {
    if (opened.size > DIFF_MAX_BYTES) return { unavailable: 'too-large' };
    const bytes = await readHead(opened.handle, opened.size, signal);
    throwIfAborted(signal);
    const text = decodeText(bytes, true);
    return text === null ? { unavailable: 'binary' } : { text };
  } finally {
    await opened.handle.close();
  }
}

/** jsdiff's async mode, so a large diff does not block the process. */
function patchOf(oldText: string, newText: string): Promise<StructuredPatch | undefined> {
  return new Promise((resolve) => {
    structuredPatch('', '', oldText, newText, undefined, undefined, {
      context: CONTEXT_LINES,
      timeout: DIFF_TIMEOUT_MS,
      callback: resolve,
    });
  });
}

function toHunk(hunk: StructuredPatch['hunks'][number]): TextDiff['hunks'][number] {
  const lines: TextDiff['hunks'][number]['lines'] = [];
  for (const line of hunk.lines) {
    const mark = line[0];
    // '\' lines are jsdiff's "No newline at end of file" notes, not content.
    if (mark === ' ') lines.push({ op: 'same', text: line.slice(1) });
    else if (mark === '-') lines.push({ op: 'del', text: line.slice(1) });
    else if (mark === '+') lines.push({ op: 'add', text: line.slice(1) });
  }
  return { oldStart: hunk.oldStart, newStart: hunk.newStart, lines };
}
