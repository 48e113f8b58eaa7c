import dbus from 'dbus-next';

import type { Job, SysupdateEngine } from './engine';
import { SYSUPDATE, TARGET_METHODS } from './generations';
import type { ApiGeneration } from './versions';

/** org.freedesktop.sysupdate1.Manager at /org/freedesktop/sysupdate1. */
export class ManagerInterface extends dbus.interface.Interface {
  constructor(private readonly engine: SysupdateEngine) {
    super(SYSUPDATE.managerInterface);
  }

  ListTargets(): [string, string, string][] {
    return [['host', 'host', SYSUPDATE.hostPath]];
  }

  ListJobs(): [bigint, string, number, string][] {
    return this.engine.listJobs().map((j) => [j.id, j.type, j.progress, j.path]);
  }

  ListAppStream(): string[] {
    return this.engine.appStream();
  }

  JobRemoved(id: bigint, path: string, status: number): [bigint, string, number] {
    return [id, path, status];
  }
}

ManagerInterface.configureMembers({
  methods: {
    ListTargets: { inSignature: '', outSignature: 'a(sso)' },
    ListJobs: { inSignature: '', outSignature: 'a(tsuo)' },
    ListAppStream: { inSignature: '', outSignature: 'as' },
  },
  signals: { JobRemoved: { signature: 'toi' } },
});

/** org.freedesktop.sysupdate1.Job at /org/freedesktop/sysupdate1/job/_<id>. */
export class JobInterface extends dbus.interface.Interface {
  constructor(
    private readonly engine: SysupdateEngine,
    readonly job: Job,
  ) {
    super(SYSUPDATE.jobInterface);
  }

  get Id(): bigint {
    return this.job.id;
  }

  get Type(): string {
    return this.job.type;
  }

  get Offline(): boolean {
    return this.job.offline;
  }

  get Progress(): number {
    return this.job.progress;
  }

  Cancel(): void {
    this.engine.cancel(this.job);
  }
}

JobInterface.configureMembers({
  properties: {
    Id: { signature: 't', access: 'read' },
    Type: { signature: 's', access: 'read' },
    Offline: { signature: 'b', access: 'read' },
    Progress: { signature: 'u', access: 'read' },
  },
  methods: { Cancel: { inSignature: '', outSignature: '' } },
});

/**
 * org.freedesktop.sysupdate1.Target for the host. Each API generation is its own subclass, so
 * introspection shows exactly that generation's members (several D-Bus shapes share one
 * implementation through `impl`).
 */
class TargetBase extends dbus.interface.Interface {
  constructor(protected readonly engine: SysupdateEngine) {
    super(SYSUPDATE.targetInterface);
  }

  get Class(): string {
    return 'host';
  }

  get Name(): string {
    return 'host';
  }

  /** For host and component targets the name of their sysupdate.d directory. */
  get Path(): string {
    return 'sysupdate.d';
  }

  List(flags: bigint): Promise<string[]> {
    return this.engine.list(flags);
  }

  /** Generation A: `b offline` instead of flags. */
  ListOffline(offline: boolean): Promise<string[]> {
    return this.engine.list(offline ? 1n : 0n, false);
  }

  Describe(version: string, flags: bigint): Promise<string> {
    return this.engine.describe(version, flags);
  }

  DescribeOffline(version: string, offline: boolean): Promise<string> {
    return this.engine.describe(version, offline ? 1n : 0n, false);
  }

  CheckNew(): Promise<string> {
    return this.engine.checkNew();
  }

  Update(version: string, flags: bigint): Promise<[string, bigint, string]> {
    return this.engine.startDetached('update', version, flags);
  }

  Acquire(version: string, flags: bigint): Promise<[string, bigint, string]> {
    return this.engine.startDetached('acquire', version, flags);
  }

  Install(version: string, flags: bigint): Promise<[string, bigint, string]> {
    return this.engine.startDetached('install', version, flags);
  }

  Vacuum(): Promise<[number, number]> {
    return this.engine.vacuum();
  }

  /** Generation A: only the number of removed instances. */
  async VacuumCount(): Promise<number> {
    const [instances] = await this.engine.vacuum();
    return instances;
  }

  GetAppStream(): string[] {
    return this.engine.appStream();
  }

  GetVersion(): string {
    return this.engine.getVersion();
  }

  ListFeatures(flags: bigint): string[] {
    return this.engine.listFeatures(flags);
  }

  DescribeFeature(feature: string, flags: bigint): Promise<string> {
    return this.engine.describeFeature(feature, flags);
  }

  SetFeatureEnabled(feature: string, enabled: number, flags: bigint): void {
    this.engine.setFeatureEnabled(feature, enabled, flags);
  }
}

export function createTarget(
  api: ApiGeneration,
  engine: SysupdateEngine,
): dbus.interface.Interface {
  class Target extends TargetBase {}
  Target.configureMembers({
    properties: {
      Class: { signature: 's', access: 'read' },
      Name: { signature: 's', access: 'read' },
      Path: { signature: 's', access: 'read' },
    },
    methods: Object.fromEntries(
      TARGET_METHODS[api].map((m) => [
        m.impl,
        { name: m.name, inSignature: m.in, outSignature: m.out },
      ]),
    ),
  });
  return new Target(engine);
}
