import { z } from 'zod';

import { ConfigName, IsoDateTime } from './common';

/** System families Kairn knows how to talk to; chosen from os-release plus the bus names present. */
export const SystemFamily = z.enum(['suse-transactional', 'ostree', 'sysupdate', 'generic']);
export type SystemFamily = z.infer<typeof SystemFamily>;

export const OsReleaseInfo = z.object({
  id: z.string(),
  idLike: z.array(z.string()),
  name: z.string(),
  prettyName: z.string(),
  versionId: z.string().nullable(),
  variantId: z.string().nullable(),
  imageId: z.string().nullable(),
  imageVersion: z.string().nullable(),
  /** Every key/value of the file, for the helper's "Details". */
  fields: z.record(z.string(), z.string()),
});
export type OsReleaseInfo = z.infer<typeof OsReleaseInfo>;

export const ServiceState = z.enum(['running', 'activatable', 'missing']);
export type ServiceState = z.infer<typeof ServiceState>;

export const SnapperConfigSummary = z.object({
  name: ConfigName,
  subvolume: z.string(),
  fstype: z.string(),
  allowUsers: z.array(z.string()),
  allowGroups: z.array(z.string()),
  syncAcl: z.boolean(),
  timeline: z.boolean(),
  /** True when this config's subvolume is the user's home or contains it. */
  coversHome: z.boolean(),
});
export type SnapperConfigSummary = z.infer<typeof SnapperConfigSummary>;

export const RestartState = z.object({
  /** False when Kairn could not look on this system: then `required` says nothing ("not checked yet"). */
  checked: z.boolean(),
  required: z.boolean(),
  reasons: z.array(z.string()),
  scheduled: z.object({ at: IsoDateTime }).nullable(),
});
export type RestartState = z.infer<typeof RestartState>;

export const Status = z.object({
  family: SystemFamily,
  familyLabel: z.string(),
  osRelease: OsReleaseInfo,
  services: z.object({
    snapper: ServiceState,
    logind: ServiceState,
    tukit: ServiceState,
    rpmOstree: ServiceState,
    sysupdate: ServiceState,
  }),
  snapper: z.object({
    available: z.boolean(),
    configs: z.array(SnapperConfigSummary),
    /** Error code when the configs could not be read (e.g. snapper missing). */
    problem: z.string().nullable(),
  }),
  home: z.object({ path: z.string(), config: ConfigName.nullable() }),
  restart: RestartState,
  /** The system's restore points at a glance (null where the family has none Kairn can read). */
  restorePoints: z
    .object({
      running: z.string().nullable(),
      nextStart: z.string().nullable(),
      /** Running an older restore point than the system starts by default (failed boot, boot menu). */
      startedFromOlder: z.boolean(),
    })
    .nullable(),
  demo: z.boolean(),
});
export type Status = z.infer<typeof Status>;
