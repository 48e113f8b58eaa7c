import { z } from 'zod';

import { KairnErrorPayload } from '../api/errors';
import { FixResult } from './checks';
import { SwitchResult } from './editions';
import { RollbackResult } from './restore-points';
import { PrepareUpdateResult, UpdateCheckResult } from './updates';
import { AbsolutePath, ConfigName, JobId, SnapshotNumber } from './common';
import { COPY_LABEL_MAX, isFileNameSafeLabel } from './copy-label-rule';

export const JobKind = z.enum([
  'restore',
  'search',
  'rollback',
  'fix',
  'switch',
  'update-check',
  'update-prepare',
]);
export type JobKind = z.infer<typeof JobKind>;

export const JobProgress = z.object({
  jobId: JobId,
  kind: JobKind,
  done: z.number(),
  total: z.number().nullable(),
  bytesDone: z.number(),
  bytesTotal: z.number().nullable(),
  current: z.string().nullable(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const RestoreMode = z.enum(['keep-both', 'replace', 'to']);
export type RestoreMode = z.infer<typeof RestoreMode>;

/**
 * The words in a restored copy's name, "restored from Mon 3 Nov 14.00", written by the renderer in
 * the user's language; without it the core uses English. Trimmed, at most 80 characters, and
 * valid in a file name on every disk (so `14.00`, not `14:00`).
 */
export const CopyLabel = z.string().max(COPY_LABEL_MAX).refine(isFileNameSafeLabel, {
  message: 'must be trimmed and hold no / \\ : * ? " < > | or control characters',
});

export const RestoreParams = z
  .object({
    config: ConfigName,
    snapshot: SnapshotNumber.min(1),
    paths: z.array(AbsolutePath).min(1).max(1000),
    mode: RestoreMode.default('keep-both'),
    dest: AbsolutePath.optional(),
    /** Restore what can be read and list the rest as skipped (default false: unreadable items fail the job). */
    skipUnreadable: z.boolean().optional(),
    label: CopyLabel.optional(),
  })
  .strict()
  .refine((p) => (p.mode === 'to') === (p.dest !== undefined), {
    message: 'dest is required with mode "to" and only allowed with it',
    path: ['dest'],
  });

/** An item a restore left out, and why: a pipe/socket/device, unreadable, or a name that is not valid UTF-8. */
export const SkippedItem = z.object({
  path: z.string(),
  why: z.enum(['special-file', 'unreadable', 'name-not-readable']),
});
export type SkippedItem = z.infer<typeof SkippedItem>;

export const RestoreResult = z.object({
  restored: z.array(z.string()),
  /** Files that were in the way and were moved aside (replace mode). */
  keptAside: z.array(z.object({ path: z.string(), movedTo: z.string() })),
  undoId: z.string().nullable(),
  files: z.number().int(),
  bytes: z.number(),
  cloned: z.boolean(),
  /** What was left out of restored folders (live paths), and why. */
  skipped: z.array(SkippedItem),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

export const SearchResult = z.object({
  matches: z.number().int(),
  snapshotsSearched: z.number().int(),
});
export type SearchResult = z.infer<typeof SearchResult>;

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

/**
 * A failed or cancelled job's outcome: the same error payload a call ends with, plus the items it
 * is about (a restore refused for unreadable items lists them here).
 */
export const JobErrorPayload = KairnErrorPayload.extend({ items: z.array(SkippedItem).optional() });

export const JobFinished = z.discriminatedUnion('kind', [
  z.object({
    jobId: JobId,
    kind: z.literal('restore'),
    state: JobState,
    result: RestoreResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
  z.object({
    jobId: JobId,
    kind: z.literal('search'),
    state: JobState,
    result: SearchResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
  z.object({
    jobId: JobId,
    kind: z.literal('rollback'),
    state: JobState,
    result: RollbackResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
  z.object({
    jobId: JobId,
    kind: z.literal('fix'),
    state: JobState,
    result: FixResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
  z.object({
    jobId: JobId,
    kind: z.literal('switch'),
    state: JobState,
    result: SwitchResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
  z.object({
    jobId: JobId,
    kind: z.literal('update-check'),
    state: JobState,
    result: UpdateCheckResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
  z.object({
    jobId: JobId,
    kind: z.literal('update-prepare'),
    state: JobState,
    result: PrepareUpdateResult.nullable(),
    error: JobErrorPayload.nullable(),
  }),
]);
export type JobFinished = z.infer<typeof JobFinished>;

export const JobRef = z.object({ jobId: JobId }).strict();
export const JobStarted = z.object({ jobId: JobId });
export type JobStarted = z.infer<typeof JobStarted>;
export const JobSnapshot = z.object({
  jobId: JobId,
  kind: JobKind,
  state: JobState,
  progress: JobProgress.nullable(),
  finished: JobFinished.nullable(),
});
export type JobSnapshot = z.infer<typeof JobSnapshot>;

export const UndoParams = z.object({ undoId: z.string().min(1).max(128) }).strict();
export const UndoResult = z.object({ restored: z.array(z.string()) });
export type UndoResult = z.infer<typeof UndoResult>;
