import { z } from 'zod';

import { IsoDateTime, ShortText } from './common';
import { RestorePointChanges } from './restore-points';

/** A local wall-clock time "HH:MM" (24 h), e.g. the user's "Tonight" time. */
export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM (00:00-23:59)' });
export type LocalTime = z.infer<typeof LocalTime>;

/** An app that asked logind to delay or block a restart (ListInhibitors, reference §6.2). */
export const Inhibitor = z.object({
  who: ShortText,
  why: ShortText,
  what: ShortText,
  mode: z.enum(['block', 'delay']),
});
export type Inhibitor = z.infer<typeof Inhibitor>;

/** rebootmgr's own settings where it runs (reference §3): shown, never changed by Kairn (root only). */
export const RebootManagerInfo = z.object({
  api: z.enum(['varlink', 'dbus']),
  strategy: z.enum(['unknown', 'best-effort', 'instantly', 'maint-window', 'off']),
  /** Calendar spec of the maintenance window start (e.g. "03:30"), null when none is set. */
  windowStart: z.string().max(128).nullable(),
  /** Window length as rebootmgr reports it (e.g. "1h30m" or seconds), null when none. */
  windowDuration: z.string().max(64).nullable(),
  /** The same length in minutes, null when none or not understood. */
  windowMinutes: z.number().int().min(0).max(1_000_000).nullable(),
  /** The local time the window starts every day ("03:30"); null when the spec is not a plain daily time. */
  dailyStart: LocalTime.nullable(),
  /** rebootmgr itself has a restart requested or waits for its window. */
  requested: z.boolean(),
  /** When rebootmgr says it restarts (its own words for the time), null when nothing is requested. */
  rebootTime: z.string().max(128).nullable(),
});
export type RebootManagerInfo = z.infer<typeof RebootManagerInfo>;

/** The restart the system holds, always as read back from logind's ScheduledShutdown. */
export const ScheduledRestart = z.object({
  at: IsoDateTime,
  /** logind's type: reboot, soft-reboot, kexec. */
  type: z.string().max(32),
  /** Kairn set exactly this schedule; otherwise someone else did (another tool, an admin). */
  byKairn: z.boolean(),
});
export type ScheduledRestart = z.infer<typeof ScheduledRestart>;

/** What one reason rests on, in the system's own terms (for Details). */
export const RestartEvidence = z.object({
  reason: z.string().max(64),
  source: ShortText,
  since: IsoDateTime.nullable(),
});

/** What the restart brings: the restore point the next start uses, its version and its changes. */
export const RestartBrings = z.object({
  pointId: z.string().max(256),
  version: z.string().nullable(),
  /** When that restore point was made (the update's time). */
  date: IsoDateTime,
  /** What it changes compared with the running system; null when the backend could not say. */
  changes: RestorePointChanges.nullable(),
});
export type RestartBrings = z.infer<typeof RestartBrings>;

/** restart.get: is a restart needed, why, since when, what is scheduled, what stands in the way. */
export const RestartInfo = z.object({
  /** False when Kairn could not look on this system: then `required` says nothing. */
  checked: z.boolean(),
  required: z.boolean(),
  /** Reason words (`staged-deployment`, `reboot-needed`, …): the view says each in words. */
  reasons: z.array(z.string()),
  /** What each reason rests on (a flag file, GetVersion vs IMAGE_VERSION), for Details. */
  evidence: z.array(RestartEvidence),
  /** Since when the restart has been waiting (the oldest known evidence), null when unknown. */
  since: IsoDateTime.nullable(),
  /** What the restart brings, where the restore points can tell; null otherwise. */
  brings: RestartBrings.nullable(),
  scheduled: ScheduledRestart.nullable(),
  /** The "Tonight" time, local: the user's own, else rebootmgr's window start, else 03:00. */
  tonightTime: LocalTime,
  /** Where tonightTime comes from. */
  tonightFrom: z.enum(['user', 'maintenance-window', 'default']),
  /** Apps that asked to delay or block a restart right now. */
  inhibitors: z.array(Inhibitor),
  /** How "Restart now" goes: through the desktop session (apps can save) or straight to logind. */
  restartVia: z.enum(['session', 'logind']),
  rebootManager: RebootManagerInfo.nullable(),
  /** logind could not be reached: nothing can be scheduled. */
  logindAvailable: z.boolean(),
});
export type RestartInfo = z.infer<typeof RestartInfo>;

export const ScheduleRestartParams = z.discriminatedUnion('when', [
  z
    .object({
      when: z.literal('tonight'),
      /** Also remembered as the new "Tonight" time. */
      time: LocalTime.optional(),
      replace: z.boolean().default(false),
      onlyIfRequired: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      when: z.literal('at'),
      /** ISO-8601 date and time; must lie in the future. */
      at: z.string().min(1).max(64),
      replace: z.boolean().default(false),
      onlyIfRequired: z.boolean().default(false),
    })
    .strict(),
]);
export type ScheduleRestartParams = z.infer<typeof ScheduleRestartParams>;

export const ScheduleRestartResult = z.object({
  /** False only with onlyIfRequired when no restart is needed any more (a quiet no-op). */
  scheduled: z.boolean(),
  /** Read back from logind after the call. */
  restart: RestartInfo,
});

export const CancelRestartParams = z
  .object({
    /** Cancel a schedule someone else set (otherwise refused). */
    replace: z.boolean().default(false),
  })
  .strict();

export const CancelRestartResult = z.object({ cancelled: z.boolean(), restart: RestartInfo });

export const RestartNowParams = z
  .object({
    /** The person saw the apps that asked to delay the restart and goes ahead anyway. */
    overInhibitors: z.boolean().default(false),
    /** Restart only if one is still needed (a notification's action): otherwise a quiet no-op. */
    onlyIfRequired: z.boolean().default(false),
  })
  .strict();

export const RestartNowResult = z.object({
  started: z.boolean(),
  via: z.enum(['session', 'logind']).nullable(),
});
