import { z } from 'zod';

import { IsoDateTime, ShortText } from './common';
import { SystemFamily } from './status';

/**
 * A restore point's id as the family's backend names it (a snapper number, an ostree checksum,
 * a sysupdate version): opaque to everyone but the adapter that issued it.
 */
export const RestorePointId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9._:+-]+$/, { message: 'not a valid restore point id' });

/** What a restore point is, so the view can title it in the user's language. */
export const RestorePointKind = z.enum(['update', 'rollback-backup', 'named', 'change', 'other']);
export type RestorePointKind = z.infer<typeof RestorePointKind>;

export const RestorePoint = z.object({
  id: RestorePointId,
  /** The system version this restore point holds (os-release VERSION_ID / IMAGE_VERSION), when known. */
  version: z.string().nullable(),
  date: IsoDateTime,
  kind: RestorePointKind,
  /** Plain English title (the CLI prints it; the view builds its own from `kind` and `description`). */
  title: z.string(),
  /** The backend's own words (snapper's description), for Details and named points. */
  description: z.string(),
  running: z.boolean(),
  nextStart: z.boolean(),
  kept: z.boolean(),
  /**
   * Why going back to this point is not offered although going back is (a reason key under
   * `reasons.`, e.g. `rollback-other-edition`), or null.
   */
  goBackBlocked: z.string().nullable(),
});
export type RestorePoint = z.infer<typeof RestorePoint>;

/** Whether an action is offered here; if not, a reason key (under `reasons.`) and the technical why. */
export const Availability = z.object({
  available: z.boolean(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
});
export type Availability = z.infer<typeof Availability>;

export const RestorePointList = z.object({
  family: SystemFamily,
  /** Can restore points be read at all on this system (a reason when not). */
  list: Availability,
  goBack: Availability,
  keep: Availability,
  /** Going back can be cancelled while it runs. */
  cancellable: z.boolean(),
  /** Newest first. */
  points: z.array(RestorePoint),
  /** The last going back, which undoRollback reverses (null when there is nothing to undo). */
  undo: z.object({ from: RestorePointId, to: RestorePointId }).nullable(),
  /** The next start uses a different restore point than the one running. */
  restartNeeded: z.boolean(),
  /** The system runs an older restore point than it would start by default (failed boot, boot menu). */
  startedFromOlder: z.boolean(),
});
export type RestorePointList = z.infer<typeof RestorePointList>;

export const RestorePointRef = z.object({ id: RestorePointId }).strict();

export const RestorePointChanges = z.object({
  id: RestorePointId,
  /** What this point is compared with (the restore point before it), null for the oldest. */
  comparedWith: RestorePointId.nullable(),
  /** Descriptions in the backend's words, oldest first (a pre/post pair gives two). */
  descriptions: z.array(z.string()),
  /** Packages where the backend can say; null where it cannot (snapper). */
  packages: z
    .object({
      added: z.array(z.string()),
      updated: z.array(z.string()),
      removed: z.array(z.string()),
    })
    .nullable(),
  /** How many system files differ from `comparedWith`; null when it could not be counted. */
  changedFiles: z.number().int().nullable(),
  /** The technical view behind Details: key → value, in the backend's words. */
  technical: z.record(z.string(), z.string()),
});
export type RestorePointChanges = z.infer<typeof RestorePointChanges>;

export const RollbackParams = z.object({ to: RestorePointId }).strict();

export const RollbackResult = z.object({
  /** What the next start used before (the point undoRollback goes back to). */
  from: RestorePointId,
  to: RestorePointId,
  /** The next start differs from the running system: a restart makes it happen. */
  restartNeeded: z.boolean(),
});
export type RollbackResult = z.infer<typeof RollbackResult>;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
}

export const KeepRestorePointParams = z
  .object({
    id: RestorePointId,
    /** The person's own words ("Before the printer setup"). */
    name: ShortText.min(1)
      .max(200)
      .refine((n) => n.trim() === n && !hasControlCharacter(n), {
        message: 'must be trimmed, without control characters',
      }),
  })
  .strict();
