import type { EntryKind } from '../../../../shared/schemas/files';
import type { IconName } from '../../components/Icon';

/** How an entry looks in the list: decided by its kind and, for files, by its name's ending. */
export type VisualKind = 'folder' | 'file' | 'image' | 'pdf' | 'text' | 'link';

const IMAGE = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'webp',
  'bmp',
  'svg',
  'avif',
  'heic',
  'tif',
  'tiff',
  'ico',
]);
const TEXT = new Set([
  'txt',
  'md',
  'csv',
  'json',
  'xml',
  'html',
  'htm',
  'css',
  'js',
  'ts',
  'py',
  'sh',
  'conf',
  'cfg',
  'ini',
  'log',
  'yaml',
  'yml',
  'toml',
  'tex',
  'rst',
  'c',
  'h',
  'cpp',
  'rs',
  'go',
  'java',
  'desktop',
]);

/** Folder / link / image / pdf / text / other file. */
export function visualKind(name: string, kind: EntryKind): VisualKind {
  if (kind === 'dir') return 'folder';
  if (kind === 'symlink') return 'link';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (ext === 'pdf') return 'pdf';
  if (IMAGE.has(ext)) return 'image';
  if (TEXT.has(ext)) return 'text';
  return 'file';
}

/** The icon for a visual kind. */
export function iconFor(kind: VisualKind): IconName {
  return kind;
}
