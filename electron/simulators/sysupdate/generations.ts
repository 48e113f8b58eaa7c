import type { ApiGeneration } from './versions';

/** One Target method as a generation exposes it: D-Bus name, signatures, and which code answers. */
export interface TargetMethod {
  name: string;
  in: string;
  out: string;
  /** Name of the implementing method on the Target class (several D-Bus shapes share one engine call). */
  impl: string;
}

const m = (name: string, inSig: string, out: string, impl = name): TargetMethod => ({
  name,
  in: inSig,
  out,
  impl,
});

/**
 * The Target interface per API generation, exactly as reference §5.3 lists it:
 * A = Discover's GNOME OS copy (≈ v257), B = sysupdated.c as stored (≈ v258–259),
 * C = the newest man page (≥ v260: Update split into Acquire + Install).
 */
export const TARGET_METHODS: Readonly<Record<ApiGeneration, readonly TargetMethod[]>> = {
  A: [
    m('List', 'b', 'as', 'ListOffline'),
    m('Describe', 'sb', 's', 'DescribeOffline'),
    m('CheckNew', '', 's'),
    m('Update', 'st', 'sto'),
    m('Vacuum', '', 'u', 'VacuumCount'),
    m('GetAppStream', '', 'as'),
    m('GetVersion', '', 's'),
  ],
  B: [
    m('List', 't', 'as'),
    m('Describe', 'st', 's'),
    m('CheckNew', '', 's'),
    m('Update', 'st', 'sto'),
    m('Vacuum', '', 'uu'),
    m('GetAppStream', '', 'as'),
    m('GetVersion', '', 's'),
    m('ListFeatures', 't', 'as'),
    m('DescribeFeature', 'st', 's'),
    m('SetFeatureEnabled', 'sit', ''),
  ],
  C: [
    m('List', 't', 'as'),
    m('Describe', 'st', 's'),
    m('CheckNew', '', 's'),
    m('Acquire', 'st', 'sto'),
    m('Install', 'st', 'sto'),
    m('Vacuum', '', 'uu'),
    m('GetAppStream', '', 'as'),
    m('GetVersion', '', 's'),
    m('ListFeatures', 't', 'as'),
    m('DescribeFeature', 'st', 's'),
    m('SetFeatureEnabled', 'sit', ''),
  ],
};

export const SYSUPDATE = {
  name: 'org.freedesktop.sysupdate1',
  managerPath: '/org/freedesktop/sysupdate1',
  managerInterface: 'org.freedesktop.sysupdate1.Manager',
  hostPath: '/org/freedesktop/sysupdate1/target/host',
  targetInterface: 'org.freedesktop.sysupdate1.Target',
  jobPrefix: '/org/freedesktop/sysupdate1/job/_',
  jobInterface: 'org.freedesktop.sysupdate1.Job',
  noCandidate: 'org.freedesktop.sysupdate1.NoCandidate',
} as const;

export const MANAGER_METHODS: Readonly<Record<string, { in: string; out: string }>> = {
  ListTargets: { in: '', out: 'a(sso)' },
  ListJobs: { in: '', out: 'a(tsuo)' },
  ListAppStream: { in: '', out: 'as' },
};

/** SD_SYSUPDATE_OFFLINE, the only flag List/Describe accept. */
export const FLAG_OFFLINE = 1n;

/** polkit actions (reference §5.5). */
export const ACTION = {
  check: 'org.freedesktop.sysupdate1.check',
  update: 'org.freedesktop.sysupdate1.update',
  updateToVersion: 'org.freedesktop.sysupdate1.update-to-version',
  vacuum: 'org.freedesktop.sysupdate1.vacuum',
  manageFeatures: 'org.freedesktop.sysupdate1.manage-features',
} as const;
