import { join } from 'node:path';

import { z } from 'zod';

import { WatchedStateFile } from '../sd-bus/state-file';

const versionSchema = z.object({
  version: z.string().min(1),
  installed: z.boolean(),
  available: z.boolean(),
  pending: z.boolean().default(false),
  obsolete: z.boolean().default(false),
  protected: z.boolean().default(false),
  incomplete: z.boolean().default(false),
  changelogUrls: z.array(z.string()).default([]),
});

const featureSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  enabled: z.boolean(),
  documentationUrl: z.string().optional(),
  appstreamUrl: z.string().optional(),
  transfers: z.array(z.string()).default([]),
});

/** A worker that fails: before READY the call itself fails, after it JobRemoved carries the status. */
const faultSchema = z.object({
  /** Exit code of the worker (ignored when `errno` is set). */
  exitCode: z.number().int().min(1).max(255).default(1),
  /** ERRNO= the worker reports, e.g. "ENOSPC"; JobRemoved then says -errno. */
  errno: z.string().optional(),
  /** Progress (0-100) at which it fails; absent = before READY (the call fails). */
  atProgress: z.number().int().min(0).max(100).optional(),
});

export const sysupdateStateSchema = z.object({
  /** API generation (reference §5.3); `--api` overrides it. */
  api: z.enum(['A', 'B', 'C']).default('B'),
  versions: z.array(versionSchema),
  appstreamUrls: z.array(z.string()).default([]),
  features: z.array(featureSchema).default([]),
  /** SetFeatureEnabled()'s drop-ins: "<name>.feature" → Enabled=. */
  featureDropIns: z.record(z.string(), z.boolean()).default({}),
  /** polkit actions this machine's rules refuse (org.freedesktop.sysupdate1.*). */
  polkitDenied: z.array(z.string()).default([]),
  /** Time between two progress steps of a job, and how many steps make 100 %. */
  stepMs: z.number().int().min(0).default(250),
  steps: z.number().int().min(1).max(100).default(10),
  /** A job stops advancing here (until cancelled): a download that never ends. */
  stallAtProgress: z.number().int().min(0).max(100).nullable().default(null),
  /** The next update/acquire/install job fails like this (used once, then cleared). */
  nextFault: faultSchema.nullable().default(null),
  /** InstancesMax= of the transfers (KDE Linux: 4). */
  instancesMax: z.number().int().min(1).default(4),
  /** Exit after this long without jobs, like sysupdated (30 s); 0 = never. */
  idleExitMs: z.number().int().min(0).default(30_000),
});

export type SysupdateState = z.infer<typeof sysupdateStateSchema>;
export type Fault = z.infer<typeof faultSchema>;

const ENDPOINT = 'https://files.kde.org/kde-linux/sysupdate/v2';

/** A KDE Linux host: three installed builds (the newest booted and protected), one newer offered. */
export function seedState(): SysupdateState {
  const build = (
    version: string,
    installed: boolean,
    extra: Partial<SysupdateState['versions'][number]> = {},
  ): SysupdateState['versions'][number] => ({
    version,
    installed,
    available: true,
    pending: false,
    obsolete: false,
    protected: false,
    incomplete: false,
    changelogUrls: [`https://kde.org/linux/changelog/${version}`],
    ...extra,
  });
  return sysupdateStateSchema.parse({
    api: 'B',
    versions: [
      build('202611080255', false, { obsolete: true, available: true }),
      build('202611150241', true),
      build('202611220317', true),
      build('202611290305', true, { protected: true }),
      build('202612060312', false),
    ],
    appstreamUrls: [`${ENDPOINT}/org.kde.linux.metainfo.xml`],
    features: [],
  });
}

/**
 * The state file, re-read when someone else (a test, a person) changed it since our last write,
 * so a scenario can be set up while the service runs.
 */
export class SysupdateStore extends WatchedStateFile<SysupdateState> {
  constructor(dir: string) {
    super(join(dir, 'sysupdate.json'), sysupdateStateSchema, seedState);
  }
}
