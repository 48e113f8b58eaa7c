import dbus from 'dbus-next';

import { stringOption, type Daemon } from './daemon';
import { automaticUpdateTrigger } from './upgrade';

type Vardict = Record<string, dbus.Variant>;

/** org.projectatomic.rpmostree1.Sysroot: the members upstream's XML declares (ReloadConfig aside). */
export class SysrootInterface extends dbus.interface.Interface {
  constructor(private readonly daemon: Daemon) {
    super('org.projectatomic.rpmostree1.Sysroot');
  }

  get Booted(): string {
    return this.daemon.bootedPath();
  }

  get Path(): string {
    return this.daemon.state.sysrootPath;
  }

  get ActiveTransaction(): [string, string, string] {
    return this.daemon.activeTransaction();
  }

  get ActiveTransactionPath(): string {
    return this.daemon.activeTransactionPath();
  }

  get AutomaticUpdatePolicy(): string {
    return this.daemon.state.config.automaticUpdatePolicy;
  }

  get Deployments(): Vardict[] {
    return this.daemon.deploymentDicts();
  }

  RegisterClient(options: Vardict): Promise<void> {
    return this.daemon.registerClient(this.daemon.takeSender(), options);
  }

  UnregisterClient(_options: Vardict): Promise<void> {
    return this.daemon.unregisterClient(this.daemon.takeSender());
  }

  Reload(): Promise<void> {
    this.daemon.takeSender();
    return this.daemon.reload();
  }

  GetOS(name: string): string {
    this.daemon.takeSender();
    return this.daemon.getOS(name);
  }
}

SysrootInterface.configureMembers({
  properties: {
    Booted: { signature: 'o', access: 'read' },
    Path: { signature: 's', access: 'read' },
    ActiveTransaction: { signature: '(sss)', access: 'read' },
    ActiveTransactionPath: { signature: 's', access: 'read' },
    AutomaticUpdatePolicy: { signature: 's', access: 'read' },
    Deployments: { signature: 'aa{sv}', access: 'read' },
  },
  methods: {
    RegisterClient: { inSignature: 'a{sv}', outSignature: '' },
    UnregisterClient: { inSignature: 'a{sv}', outSignature: '' },
    Reload: { inSignature: '', outSignature: '' },
    GetOS: { inSignature: 's', outSignature: 'o' },
  },
});

/** org.projectatomic.rpmostree1.OS for one stateroot: the members Kairn needs, with upstream's signatures. */
export class OSInterface extends dbus.interface.Interface {
  constructor(
    private readonly daemon: Daemon,
    readonly osname: string,
  ) {
    super('org.projectatomic.rpmostree1.OS');
  }

  get BootedDeployment(): Vardict {
    return this.daemon.osDeployment(this.osname, 'booted');
  }

  get DefaultDeployment(): Vardict {
    return this.daemon.osDeployment(this.osname, 'default');
  }

  get RollbackDeployment(): Vardict {
    return this.daemon.osDeployment(this.osname, 'rollback');
  }

  get Name(): string {
    return this.osname;
  }

  get CachedUpdate(): Vardict {
    return this.daemon.cachedUpdate(this.osname);
  }

  get HasCachedUpdateRpmDiff(): boolean {
    return Object.keys(this.daemon.cachedUpdate(this.osname)).length > 0;
  }

  Rollback(options: Vardict): Promise<string> {
    return this.daemon.osTransaction(
      this.daemon.takeSender(),
      this.osname,
      { method: 'Rollback' },
      [options],
    );
  }

  ClearRollbackTarget(options: Vardict): Promise<string> {
    return this.daemon.osTransaction(
      this.daemon.takeSender(),
      this.osname,
      { method: 'ClearRollbackTarget' },
      [options],
    );
  }

  Deploy(revision: string, options: Vardict): Promise<string> {
    return this.daemon.osTransaction(
      this.daemon.takeSender(),
      this.osname,
      { method: 'Deploy', revision },
      [revision, options],
    );
  }

  Upgrade(options: Vardict): Promise<string> {
    return this.daemon.osTransaction(this.daemon.takeSender(), this.osname, { method: 'Upgrade' }, [
      options,
    ]);
  }

  AutomaticUpdateTrigger(options: Vardict): Promise<[boolean, string]> {
    return automaticUpdateTrigger(this.daemon, this.daemon.takeSender(), this.osname, options);
  }

  Rebase(options: Vardict, refspec: string, packages: string[]): Promise<string> {
    return this.daemon.osTransaction(
      this.daemon.takeSender(),
      this.osname,
      { method: 'Rebase', refspec, revision: stringOption(options, 'revision') },
      [options, refspec, packages],
    );
  }

  GetCachedRebaseRpmDiff(
    refspec: string,
    _packages: string[],
  ): Promise<[[string, number, Vardict][], Vardict]> {
    this.daemon.takeSender();
    return this.daemon.cachedRebaseRpmDiff(this.osname, refspec);
  }

  DownloadRebaseRpmDiff(refspec: string, packages: string[]): Promise<string> {
    return this.daemon.osTransaction(
      this.daemon.takeSender(),
      this.osname,
      { method: 'DownloadRebaseRpmDiff', refspec },
      [refspec, packages],
    );
  }

  GetDeploymentsRpmDiff(id0: string, id1: string): Promise<[string, number, Vardict][]> {
    return this.daemon.deploymentsRpmDiff(this.daemon.takeSender(), id0, id1);
  }

  GetCachedUpdateRpmDiff(deployid: string): Promise<[[string, number, Vardict][], Vardict]> {
    return this.daemon.cachedUpdateRpmDiff(this.daemon.takeSender(), this.osname, deployid);
  }
}

OSInterface.configureMembers({
  properties: {
    BootedDeployment: { signature: 'a{sv}', access: 'read' },
    DefaultDeployment: { signature: 'a{sv}', access: 'read' },
    RollbackDeployment: { signature: 'a{sv}', access: 'read' },
    Name: { signature: 's', access: 'read' },
    CachedUpdate: { signature: 'a{sv}', access: 'read' },
    HasCachedUpdateRpmDiff: { signature: 'b', access: 'read' },
  },
  methods: {
    Rollback: { inSignature: 'a{sv}', outSignature: 's' },
    ClearRollbackTarget: { inSignature: 'a{sv}', outSignature: 's' },
    Deploy: { inSignature: 'sa{sv}', outSignature: 's' },
    Upgrade: { inSignature: 'a{sv}', outSignature: 's' },
    AutomaticUpdateTrigger: { inSignature: 'a{sv}', outSignature: 'bs' },
    Rebase: { inSignature: 'a{sv}sas', outSignature: 's' },
    GetDeploymentsRpmDiff: { inSignature: 'ss', outSignature: 'a(sua{sv})' },
    GetCachedUpdateRpmDiff: { inSignature: 's', outSignature: 'a(sua{sv})a{sv}' },
    GetCachedRebaseRpmDiff: { inSignature: 'sas', outSignature: 'a(sua{sv})a{sv}' },
    DownloadRebaseRpmDiff: { inSignature: 'sas', outSignature: 's' },
  },
});
