import { z } from 'zod';

import { IsoDateTime } from './common';
import { Availability } from './restore-points';
import { SystemFamily } from './status';

/** Packages a new system version changes, where the backend can say (rpm-ostree); null elsewhere. */
export const UpdatePackages = z.object({
  added: z.array(z.string()),
  updated: z.array(z.string()),
  removed: z.array(z.string()),
});

/** updates.check's answer: is there a newer system version, which, and what it changes. */
export const UpdateCheckResult = z.object({
  checkedAt: IsoDateTime,
  available: z.boolean(),
  /** The newer version ("43.20261205.0", "20261203"), null when none or unnamed. */
  version: z.string().nullable(),
  packages: UpdatePackages.nullable(),
  /** The backend's own words for Details. */
  technical: z.record(z.string(), z.string()),
});
export type UpdateCheckResult = z.infer<typeof UpdateCheckResult>;

/** updates.prepare's answer: the version now waiting for the next start, or nothing to do. */
export const PrepareUpdateResult = z.object({
  version: z.string().nullable(),
  /** The system was already up to date: nothing was prepared. */
  nothingToDo: z.boolean(),
  /** A restart is needed to use what was prepared. */
  restartNeeded: z.boolean(),
});
export type PrepareUpdateResult = z.infer<typeof PrepareUpdateResult>;

/** When the system last updated and how it went: from the system's own record or Kairn's. */
export const LastUpdate = z.object({
  at: IsoDateTime,
  outcome: z.enum(['succeeded', 'failed', 'cancelled']),
  version: z.string().nullable(),
  /** Who ran it: the system on its own (timer, another tool) or Kairn's Prepare the update now. */
  by: z.enum(['system', 'kairn']),
  /** Technical words for Details (the backend's message, the snapshot). */
  detail: z.string().nullable(),
});
export type LastUpdate = z.infer<typeof LastUpdate>;

/** updates.get: what the family offers and what is known about the last update and check. */
export const UpdatesInfo = z.object({
  family: SystemFamily,
  check: Availability,
  prepare: Availability,
  /** Checking or preparing can be stopped while it runs. */
  cancellable: z.boolean(),
  last: LastUpdate.nullable(),
  lastCheck: UpdateCheckResult.nullable(),
});
export type UpdatesInfo = z.infer<typeof UpdatesInfo>;
