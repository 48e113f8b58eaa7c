import { z } from 'zod';

import { AbsolutePath, ConfigName, IsoDateTime, JobId, ShortText, SnapshotNumber } from './common';

export const EntryKind = z.enum(['file', 'dir', 'symlink', 'other']);
export type EntryKind = z.infer<typeof EntryKind>;

export const DirEntry = z.object({
  name: z.string(),
  kind: EntryKind,
  size: z.number(),
  mtime: IsoDateTime.nullable(),
  /** Exists at this point in time but not in the live home any more. */
  deletedSince: z.boolean(),
  linkTarget: z.string().nullable(),
});
export type DirEntry = z.infer<typeof DirEntry>;

export const SortKey = z.enum(['name', 'size', 'mtime', 'kind']);
export type SortKey = z.infer<typeof SortKey>;

/** `path` is always where the item is (or was) in the live home; Kairn maps it into the snapshot. */
export const ListFolderParams = z
  .object({
    config: ConfigName,
    snapshot: SnapshotNumber,
    path: AbsolutePath,
    sort: SortKey.default('name'),
    descending: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(2000).default(200),
    /** false: names starting with "." are left out (and not counted), as file managers do by default. */
    showHidden: z.boolean().default(true),
  })
  .strict();

export const FolderPage = z.object({
  path: z.string(),
  snapshot: SnapshotNumber,
  total: z.number().int(),
  offset: z.number().int(),
  entries: z.array(DirEntry),
});
export type FolderPage = z.infer<typeof FolderPage>;

export const FileRef = z
  .object({ config: ConfigName, snapshot: SnapshotNumber, path: AbsolutePath })
  .strict();

/** What kind of OpenDocument file: a text, a spreadsheet, a presentation or another (drawing, formula). */
export const OfficeFormat = z.enum(['text', 'spreadsheet', 'presentation', 'other']);
export type OfficeFormat = z.infer<typeof OfficeFormat>;

export const Preview = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), truncated: z.boolean() }),
  z.object({ kind: z.literal('image'), mime: z.string(), dataBase64: z.string() }),
  z.object({ kind: z.literal('pdf'), dataBase64: z.string() }),
  /** An OpenDocument file: the thumbnail it carries (if any) and the first lines of its text. */
  z.object({
    kind: z.literal('document'),
    format: OfficeFormat,
    thumbnail: z.object({ mime: z.string(), dataBase64: z.string() }).nullable(),
    text: z.string(),
    truncated: z.boolean(),
  }),
  // hidden: how many of the entries are dot-items (the screen leaves them out while they are not shown).
  z.object({
    kind: z.literal('folder'),
    entries: z.number().int(),
    hidden: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('none'),
    reason: z.enum(['binary', 'too-large', 'symlink', 'other']),
  }),
]);
export type Preview = z.infer<typeof Preview>;

export const VersionsParams = z.object({ config: ConfigName, path: AbsolutePath }).strict();

export const FileVersion = z.object({
  snapshot: SnapshotNumber,
  date: IsoDateTime,
  /** Last snapshot in which this same version was still present. */
  lastSnapshot: SnapshotNumber,
  size: z.number(),
  mtime: IsoDateTime.nullable(),
  kind: EntryKind,
  sameAsCurrent: z.boolean(),
});
export type FileVersion = z.infer<typeof FileVersion>;

export const Versions = z.object({
  path: z.string(),
  current: z.object({ exists: z.boolean(), size: z.number(), mtime: IsoDateTime.nullable() }),
  /** Distinct versions, oldest first. */
  versions: z.array(FileVersion),
});
export type Versions = z.infer<typeof Versions>;

export const DiffLine = z.object({ op: z.enum(['same', 'add', 'del']), text: z.string() });
export const TextDiff = z.object({
  identical: z.boolean(),
  /** No diff possible: one side is binary, missing or too large. */
  unavailable: z.enum(['binary', 'too-large', 'missing']).nullable(),
  hunks: z.array(
    z.object({ oldStart: z.number(), newStart: z.number(), lines: z.array(DiffLine) }),
  ),
});
export type TextDiff = z.infer<typeof TextDiff>;

export const ChangesParams = z
  .object({ config: ConfigName, from: SnapshotNumber, to: SnapshotNumber })
  .strict();
export const ChangedItem = z.object({ path: z.string(), kind: EntryKind.nullable() });
export const Changes = z.object({
  from: SnapshotNumber,
  to: SnapshotNumber,
  created: z.array(ChangedItem),
  modified: z.array(ChangedItem),
  deleted: z.array(ChangedItem),
  truncated: z.boolean(),
});
export type Changes = z.infer<typeof Changes>;

export const SearchParams = z
  .object({ config: ConfigName, query: z.string().min(1).max(255) })
  .strict();
export const SearchMatch = z.object({
  path: z.string(),
  kind: EntryKind,
  /** Newest snapshot that has it. */
  snapshot: SnapshotNumber,
  date: IsoDateTime,
  deletedSince: z.boolean(),
});
export type SearchMatch = z.infer<typeof SearchMatch>;
export const SearchFound = z.object({ jobId: JobId, matches: z.array(SearchMatch) });

export const ShowInFolderParams = z.object({ path: AbsolutePath }).strict();
export const ShowInFolderResult = z.object({ shown: z.boolean() });
export type ShowInFolderResult = z.infer<typeof ShowInFolderResult>;

/** A live folder inside the home whose subfolders the in-app folder chooser shows. */
export const FoldersParams = z.object({ path: AbsolutePath }).strict();
export const FolderList = z.object({
  path: z.string(),
  home: z.string(),
  /** The folder above, or null at the home (the chooser goes no higher). */
  parent: z.string().nullable(),
  folders: z.array(z.object({ name: z.string(), path: z.string() })),
  truncated: z.boolean(),
});
export type FolderList = z.infer<typeof FolderList>;

/** The host's own folder dialog (Electron); `title` is already in the user's language. */
export const ChooseFolderParams = z
  .object({ title: ShortText, startAt: AbsolutePath.optional() })
  .strict();
export const ChooseFolderResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('chosen'), path: z.string() }),
  z.object({ outcome: z.literal('cancelled') }),
  /** This host has no dialog of its own (browser host, CLI): the renderer shows its own chooser. */
  z.object({ outcome: z.literal('unavailable') }),
]);
export type ChooseFolderResult = z.infer<typeof ChooseFolderResult>;
