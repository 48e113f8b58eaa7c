import { z } from 'zod';

import { Availability } from './restore-points';
import { SystemFamily } from './status';

/** An edition's id as the family's adapter names it: a channel tag (`stable`), `fedora-44`, a dated tag. */
export const EditionId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: 'not a valid edition id' });

/** How often an edition brings updates (the view and the CLI put it in plain words). */
export const Cadence = z.enum(['weekly', 'often', 'daily', 'never', 'unknown']);
export type Cadence = z.infer<typeof Cadence>;

/** How likely something breaks on it. */
export const Risk = z.enum(['low', 'medium', 'high']);
export type Risk = z.infer<typeof Risk>;

export const Edition = z.object({
  id: EditionId,
  /** The project's own name for it ("stable", "Fedora Linux 44"): a name, not translated. */
  name: z.string(),
  /** A channel that keeps updating, a Fedora release, or one exact build (Advanced). */
  kind: z.enum(['channel', 'release', 'dated']),
  cadence: Cadence,
  risk: Risk,
  /** Moving to it is a major upgrade (the next Fedora release). */
  major: z.boolean(),
  /** Shown only behind Advanced (dated builds). */
  advanced: z.boolean(),
  inUse: z.boolean(),
  usedAtNextStart: z.boolean(),
  /** Kairn can switch to it here (false for the one in use, or where switching does not exist yet). */
  canSwitch: z.boolean(),
  /** The backend's reference (image reference, ostree refspec, os-release value), for Details. */
  technical: z.string(),
});
export type Edition = z.infer<typeof Edition>;

export const EditionsInfo = z.object({
  family: SystemFamily,
  /** The system's name ("Aurora", "Fedora Kinoite", "KDE Linux"). */
  system: z.string(),
  /** Why switching is not offered here (reason key under `reasons.`), or available. */
  switching: Availability,
  /** The edition running now (null where none can be told). */
  current: Edition.nullable(),
  /** The edition the next start uses (same as current when nothing is staged). */
  nextStart: Edition.nullable(),
  /** Every published edition the person can choose from, the one in use included. */
  available: z.array(Edition),
  /** Names of editions the project plans but has not published (KDE Linux). */
  notPublished: z.array(z.string()),
  /** After a switch: the edition to go back to (the one in use), offered right away. */
  switchBack: EditionId.nullable(),
  technical: z.record(z.string(), z.string()),
});
export type EditionsInfo = z.infer<typeof EditionsInfo>;

export const EditionRef = z.object({ id: EditionId }).strict();

export const EditionPreview = z.object({
  id: EditionId,
  from: EditionId.nullable(),
  /** Package changes where the backend can tell (rpm-ostree's rebase diff); null where it cannot. */
  packages: z
    .object({
      added: z.array(z.string()),
      updated: z.array(z.string()),
      removed: z.array(z.string()),
    })
    .nullable(),
  /** Why the package changes are not known (a reason key), when `packages` is null. */
  packagesWhy: z.string().nullable(),
  /** Bytes to download where the backend says beforehand; null where it does not. */
  downloadBytes: z.number().int().nonnegative().nullable(),
  /** A major upgrade (the next Fedora release). */
  major: z.boolean(),
  /** Personal files and settings stay (always true: only the system image changes). */
  personalFilesStay: z.literal(true),
  /** The edition in use now can be chosen again afterwards. */
  switchBackPossible: z.boolean(),
  technical: z.record(z.string(), z.string()),
});
export type EditionPreview = z.infer<typeof EditionPreview>;

export const SwitchResult = z.object({
  from: EditionId.nullable(),
  to: EditionId,
  /** The new edition is used from the next start on. */
  restartNeeded: z.boolean(),
});
export type SwitchResult = z.infer<typeof SwitchResult>;
