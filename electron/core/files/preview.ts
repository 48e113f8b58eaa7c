import type { Preview } from '../../../shared/schemas/files';
import { type FilesDeps, explainFailure, locateChecked } from './context';
import { folderEntryCount } from './list';
import { odfPreview } from './odf-preview';
import type { ListingCache } from './listing-cache';
import { openRegular, readHead } from './read-file';
import { sniff } from './sniff';
import { ZipError } from './zip-reader';

/** Text previews show the first 64 KB. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;
/** Images and PDFs travel base64-encoded to the renderer; beyond this a preview is not worth it. */
export const MEDIA_PREVIEW_MAX = 20 * 1024 * 1024;

function none(reason: 'binary' | 'too-large' | 'symlink' | 'other'): Preview {
  return { kind: 'none', reason };
}

/** A preview of a file at a point in time (0 = now): text, image or PDF bytes, or why not. */
export async function previewItem(
  deps: FilesDeps,
  cache: ListingCache,
  config: string,
  snapshot: number,
  path: string,
  signal?: AbortSignal,
): Promise<Preview> {
  const loc = await locateChecked(deps, config, snapshot, path, signal);
  try {
    const stats = await deps.fs.lstat(loc.target);
    if (stats.isSymbolicLink()) return none('symlink');
    if (stats.isDirectory())
      return { kind: 'folder', ...(await folderEntryCount(deps, cache, loc, signal)) };
    if (!stats.isFile()) return none('other');
    return await previewRegular(deps, loc.target, signal);
  } catch (err) {
    throw await explainFailure(deps, config, snapshot, err, 'preview');
  }
}

async function previewRegular(
  deps: FilesDeps,
  target: string,
  signal?: AbortSignal,
): Promise<Preview> {
  const opened = await openRegular(deps.fs, target);
  if (!opened) return none('other');
  const { handle, size } = opened;
  try {
    const head = await readHead(handle, Math.min(size, TEXT_PREVIEW_BYTES), signal);
    const complete = size <= head.length;
    const kind = sniff(head, complete);
    switch (kind.kind) {
      case 'text':
        return { kind: 'text', text: kind.text, truncated: !complete };
      case 'binary':
        return none('binary');
      case 'odf':
        return await odfPreview(handle, size, kind.mime).catch((err: unknown) => {
          // A damaged or unusual archive has no preview; it can still be restored as it is.
          if (err instanceof ZipError) return none('binary');
          throw err;
        });
      case 'image':
      case 'pdf': {
        if (size > MEDIA_PREVIEW_MAX) return none('too-large');
        const data = complete ? head : await readHead(handle, size, signal);
        const dataBase64 = data.toString('base64');
        return kind.kind === 'pdf'
          ? { kind: 'pdf', dataBase64 }
          : { kind: 'image', mime: kind.mime, dataBase64 };
      }
    }
  } finally {
    await handle.close();
  }
}
