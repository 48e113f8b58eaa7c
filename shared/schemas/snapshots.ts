import { z } from 'zod';

import { AbsolutePath, ConfigName, IsoDateTime, ShortText, SnapshotNumber } from './common';

export const SnapshotType = z.enum(['single', 'pre', 'post']);
export type SnapshotType = z.infer<typeof SnapshotType>;

/** One snapper snapshot as users see it (number 0, "now", is never listed). */
export const Snapshot = z.object({
  number: SnapshotNumber,
  date: IsoDateTime,
  type: SnapshotType,
  preNumber: z.number().int().nullable(),
  description: z.string(),
  cleanup: z.string(),
  userdata: z.record(z.string(), z.string()),
  /** Kept: snapper's cleanup will not remove it (userdata important=yes and no cleanup algorithm). */
  important: z.boolean(),
  uid: z.number().int(),
});
export type Snapshot = z.infer<typeof Snapshot>;

export const ListSnapshotsParams = z.object({ config: ConfigName }).strict();

/**
 * What the config's timeline and cleanup settings promise: points saved every hour
 * (TIMELINE_CREATE), thinned out by the timeline cleanup (TIMELINE_CLEANUP) down to so many
 * hourly, daily, weekly, monthly and yearly ones (TIMELINE_LIMIT_*, the upper bound of a range).
 */
export const HistoryRetention = z.object({
  timeline: z.boolean(),
  cleanup: z.boolean(),
  hourly: z.number().int().min(0),
  daily: z.number().int().min(0),
  weekly: z.number().int().min(0),
  monthly: z.number().int().min(0),
  yearly: z.number().int().min(0),
});
export type HistoryRetention = z.infer<typeof HistoryRetention>;

/** Where the user's file history lives, or why there is none. */
export const HomeHistory = z.object({
  home: z.string(),
  config: z
    .object({
      name: ConfigName,
      subvolume: z.string(),
      allowed: z.boolean(),
      syncAcl: z.boolean(),
      /** Absent when the config's settings could not be read. */
      retention: HistoryRetention.optional(),
    })
    .nullable(),
  /** Why no usable config: 'no-config' | 'snapper-missing' | 'not-allowed' | null. */
  problem: z.enum(['no-config', 'snapper-missing', 'not-allowed']).nullable(),
  userName: z.string(),
});
export type HomeHistory = z.infer<typeof HomeHistory>;

export const CreateSnapshotParams = z
  .object({ config: ConfigName, description: ShortText.default('') })
  .strict();

export const KeepSnapshotParams = z
  .object({ config: ConfigName, snapshot: SnapshotNumber.min(1), keep: z.boolean() })
  .strict();

export const SetupHomeParams = z.object({}).strict();
export const SetupHomeResult = z.object({ config: ConfigName, subvolume: AbsolutePath });
export type SetupHomeResult = z.infer<typeof SetupHomeResult>;
