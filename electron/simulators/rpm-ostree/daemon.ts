import { join } from 'node:path';

import dbus from 'dbus-next';

import { accessDenied, busy, GIO_FAILED, GIO_NOT_FOUND, POLKIT_PREFIX } from './errors';
import { OSInterface, SysrootInterface } from './interfaces';
import {
  bootedDeployment,
  cachedUpdateCommit,
  cachedUpdateDict,
  clearRollback,
  commitDetails,
  commitOf,
  deploy,
  deploymentById,
  deploymentDict,
  osnames,
  osObjectPath,
  packageDiff,
  queryDeploymentsFor,
  rollback,
  upgrade,
  type DiffEntry,
} from './model';
import { loadState, saveState, type DeploymentState, type RpmOstreeState } from './state';
import { cachedRebaseDiff, downloadRebaseDiffWork, rebaseWork, type RebaseContext } from './rebase';
import { Transaction, type Progress, type Work } from './transaction';
import { checkWork } from './upgrade';

type Vardict = Record<string, dbus.Variant>;

export const SYSROOT_PATH = '/org/projectatomic/rpmostree1/Sysroot';
export const TRANSACTION_SOCKET = 'rpm-ostree-transaction.sock';

/** Which polkit action each method needs (rpmostreed-os.cxx os_authorize_method). */
const OS_ACTIONS: Record<string, string> = {
  Rollback: 'rollback',
  ClearRollbackTarget: 'rollback',
  Deploy: 'deploy',
  Upgrade: 'upgrade',
  AutomaticUpdateTrigger: 'upgrade',
  Rebase: 'rebase',
  GetDeploymentsRpmDiff: 'repo-refresh',
  GetCachedUpdateRpmDiff: 'repo-refresh',
  GetCachedRebaseRpmDiff: 'repo-refresh',
  DownloadRebaseRpmDiff: 'repo-refresh',
};

/** Upstream's transaction titles; the deploy family says "new-deployment" until it runs. */
const TITLES: Record<string, [string, string]> = {
  Rollback: ['rollback', 'rollback'],
  ClearRollbackTarget: ['clear-rollback', 'clear-rollback'],
  Deploy: ['new-deployment', 'deploy'],
  Upgrade: ['new-deployment', 'upgrade'],
  AutomaticUpdateTrigger: ['automatic-update-trigger', 'automatic-update-trigger'],
  Rebase: ['new-deployment', 'rebase'],
  DownloadRebaseRpmDiff: ['refresh-md', 'refresh-md'],
};

/** What an OS method asked for, as the transaction's work needs it. */
export type TxnRequest =
  | { method: 'Rollback' | 'ClearRollbackTarget' | 'Upgrade' }
  | { method: 'Deploy'; revision: string }
  | { method: 'Rebase'; refspec: string; revision: string | undefined }
  | { method: 'DownloadRebaseRpmDiff'; refspec: string }
  | { method: 'AutomaticUpdateTrigger'; mode: 'check' | 'stage' };

interface Client {
  id: string | undefined;
  uid: number | undefined;
}

/** Canonical text of a call's arguments, to tell a joining call from a conflicting one. */
function canonical(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) => {
    if (typeof value === 'bigint') return `${value}n`;
    if (value instanceof dbus.Variant)
      return { signature: value.signature, value: value.value as unknown };
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(
        Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return value;
  });
}

export function stringOption(options: Vardict | undefined, key: string): string | undefined {
  const v = options?.[key];
  return v && v.signature === 's' && typeof v.value === 'string' ? v.value : undefined;
}

/** Serialises a property value so changes can be detected (bigint-safe). */
function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

/**
 * The simulated rpm-ostreed: Sysroot and one OS object per stateroot on the system bus, one
 * transaction at a time on a private socket in the state folder, idle exit, fault switches.
 */
export class Daemon {
  private sysroot!: SysrootInterface;
  private readonly oses = new Map<string, OSInterface>();
  private readonly clients = new Map<string, Client>();
  private txn: Transaction | undefined;
  private sender = '';
  private idleTimer: NodeJS.Timeout | undefined;
  private published = new Map<string, string>();
  private dbusProxy: dbus.ClientInterface | undefined;

  constructor(
    public state: RpmOstreeState,
    private readonly stateDir: string,
    private readonly stateFile: string,
    private readonly bus: dbus.MessageBus,
    private readonly exit: () => void,
  ) {}

  async start(): Promise<void> {
    // Each call's sender, captured before dbus-next runs the interface method (synchronously).
    this.bus.addMethodHandler((msg: dbus.Message) => {
      const sender: unknown = msg.sender;
      this.sender = typeof sender === 'string' ? sender : '';
      return false;
    });
    const proxy = await this.bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus');
    this.dbusProxy = proxy.getInterface('org.freedesktop.DBus');
    this.dbusProxy.on('NameOwnerChanged', (name: string, _old: string, owner: string) => {
      if (owner === '') this.nameVanished(name);
    });
    this.sysroot = new SysrootInterface(this);
    this.bus.export(SYSROOT_PATH, this.sysroot);
    this.syncObjects();
    this.snapshotProperties();
    this.updateIdle();
  }

  takeSender(): string {
    const s = this.sender;
    this.sender = '';
    return s;
  }

  /* ---- properties ---- */

  bootedPath(): string {
    const booted = bootedDeployment(this.state);
    return booted ? osObjectPath(booted.osname) : '/';
  }

  activeTransaction(): [string, string, string] {
    return this.txn ? [this.txn.method, this.txn.sender, this.txn.objectPath] : ['', '', ''];
  }

  activeTransactionPath(): string {
    return this.txn?.address ?? '';
  }

  deploymentDicts(): Vardict[] {
    return this.state.deployments.map((d) => deploymentDict(this.state, d));
  }

  osDeployment(osname: string, which: 'booted' | 'default' | 'rollback'): Vardict {
    const booted = bootedDeployment(this.state);
    const ownBooted = booted?.osname === osname ? booted : undefined;
    const { pending, rollback: back } = queryDeploymentsFor(this.state, osname);
    const pick: DeploymentState | undefined =
      which === 'booted' ? ownBooted : which === 'default' ? (pending ?? ownBooted) : back;
    return pick ? deploymentDict(this.state, pick) : {};
  }

  cachedUpdate(osname: string): Vardict {
    return cachedUpdateDict(this.state, osname);
  }

  /* ---- Sysroot methods ---- */

  async registerClient(sender: string, options: Vardict): Promise<void> {
    this.authorize('Sysroot', 'RegisterClient', 'client-management', true);
    const uid = await this.uidOf(sender);
    this.clients.set(sender, { id: stringOption(options, 'id'), uid });
    this.updateIdle();
  }

  async unregisterClient(sender: string): Promise<void> {
    this.authorize('Sysroot', 'UnregisterClient', 'client-management', true);
    this.clients.delete(sender);
    this.updateIdle();
  }

  /** Re-reads the state file (tests and the demo may edit it) and announces what changed. */
  async reload(): Promise<void> {
    try {
      this.state = await loadState(this.stateFile);
    } catch (err) {
      throw new dbus.DBusError(
        GIO_FAILED,
        `Handling reload: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    this.changed();
  }

  getOS(name: string): string {
    if (name === '') return this.bootedPath();
    if (!this.oses.has(name))
      throw new dbus.DBusError(GIO_NOT_FOUND, `OS name "${name}" not found`);
    return osObjectPath(name);
  }

  /* ---- OS methods ---- */

  async deploymentsRpmDiff(_sender: string, id0: string, id1: string): Promise<DiffEntry[]> {
    await this.refreshFaults();
    this.authorize('OS', 'GetDeploymentsRpmDiff', OS_ACTIONS.GetDeploymentsRpmDiff ?? '');
    try {
      const a = commitOf(this.state, deploymentById(this.state, id0).checksum);
      const b = commitOf(this.state, deploymentById(this.state, id1).checksum);
      return packageDiff(a, b);
    } catch (err) {
      throw new dbus.DBusError(GIO_FAILED, err instanceof Error ? err.message : String(err));
    }
  }

  async cachedUpdateRpmDiff(
    _sender: string,
    osname: string,
    deployid: string,
  ): Promise<[DiffEntry[], Vardict]> {
    await this.refreshFaults();
    this.authorize('OS', 'GetCachedUpdateRpmDiff', OS_ACTIONS.GetCachedUpdateRpmDiff ?? '');
    try {
      const base =
        deployid === '' ? bootedDeployment(this.state) : deploymentById(this.state, deployid);
      const update = cachedUpdateCommit(this.state, osname);
      if (!base || !update) return [[], {}];
      return [
        packageDiff(commitOf(this.state, base.checksum), update),
        commitDetails(osname, update),
      ];
    } catch (err) {
      throw new dbus.DBusError(GIO_FAILED, err instanceof Error ? err.message : String(err));
    }
  }

  async cachedRebaseRpmDiff(osname: string, refspec: string): Promise<[DiffEntry[], Vardict]> {
    await this.refreshFaults();
    this.authorize('OS', 'GetCachedRebaseRpmDiff', OS_ACTIONS.GetCachedRebaseRpmDiff ?? '');
    // The daemon reloads the sysroot first, so a diff downloaded meanwhile is seen.
    await this.reload().catch(() => undefined);
    return cachedRebaseDiff(this.state, osname, refspec);
  }

  /** Starts (or joins) the transaction an OS method asks for; returns its private address. */
  async osTransaction(
    sender: string,
    osname: string,
    request: TxnRequest,
    args: unknown[],
  ): Promise<string> {
    const method = request.method;
    await this.refreshFaults();
    this.authorize('OS', method, OS_ACTIONS[method] ?? method.toLowerCase());
    const parameters = canonical(args);
    if (this.txn) {
      if (this.txn.isCompatible(method, parameters)) return this.txn.address;
      throw busy(this.txn.currentTitle);
    }
    // The daemon reloads the sysroot before a transaction, so edits of the state file count.
    await this.reload().catch(() => undefined);
    const [title, runningTitle] = TITLES[method] ?? [method.toLowerCase(), method.toLowerCase()];
    const client = this.clients.get(sender);
    const description = client
      ? `client(${client.id ? `id:${client.id} ` : ''}dbus${sender} uid:${client.uid ?? '<unknown>'})`
      : `caller ${sender}`;
    const txn = await Transaction.create({
      socketPath: join(this.stateDir, TRANSACTION_SOCKET),
      method,
      sender,
      objectPath: osObjectPath(osname),
      parameters,
      title,
      runningTitle,
      clientDescription: description,
      work: this.work(osname, request),
      onClosed: () => {
        if (this.txn !== txn) return;
        this.txn = undefined;
        this.changed();
      },
    });
    this.txn = txn;
    this.changed();
    return txn.address;
  }

  /* ---- transactions' work ---- */

  private work(osname: string, request: TxnRequest): Work {
    return async (progress) => {
      const step = (): Promise<void> => this.step(progress);
      await this.faultsAfterFirstSignal(progress);
      switch (request.method) {
        case 'Rollback': {
          const { deployments, moved } = rollback(this.state, osname);
          progress.message(`Moving '${moved.checksum}.${moved.serial}' to be first deployment`);
          await step();
          await this.commit(deployments);
          return;
        }
        case 'ClearRollbackTarget': {
          const deployments = clearRollback(this.state, osname);
          if (deployments === this.state.deployments) {
            progress.message('Deployments unchanged.');
            return;
          }
          progress.taskBegin('Writing deployments');
          await step();
          progress.taskEnd('done');
          await this.commit(deployments);
          return;
        }
        case 'Deploy': {
          const revision = request.revision;
          progress.message(`Resolving version '${revision}'`);
          await step();
          const { deployments, commit } = deploy(this.state, osname, revision);
          await this.pull(progress, commit.version);
          await this.stage(progress, deployments);
          return;
        }
        case 'AutomaticUpdateTrigger':
          await checkWork(this, osname, progress, step);
          // stage = check, then what Upgrade does.
          if (request.mode === 'stage') await this.upgradeWork(osname, progress, step);
          return;
        case 'Upgrade':
          await this.upgradeWork(osname, progress, step);
          return;
        case 'Rebase':
          await rebaseWork(
            this.rebaseContext(progress),
            progress,
            osname,
            request.refspec,
            request.revision,
          );
          return;
        case 'DownloadRebaseRpmDiff':
          await downloadRebaseDiffWork(this.rebaseContext(progress), progress, request.refspec);
          return;
      }
    };
  }

  private rebaseContext(progress: Progress): RebaseContext {
    return {
      state: () => this.state,
      step: (ms) => this.step(progress, ms),
      stage: (deployments) => this.stage(progress, deployments),
      save: async (state) => {
        this.state = state;
        await saveState(this.stateFile, state);
      },
    };
  }

  private async upgradeWork(
    osname: string,
    progress: Progress,
    step: () => Promise<void>,
  ): Promise<void> {
    const booted = bootedDeployment(this.state);
    progress.message(`Updating from: ${booted?.refspec ?? ''}`);
    await step();
    const { deployments, commit } = upgrade(this.state, osname);
    if (!commit) {
      progress.message('No upgrade available.');
      return;
    }
    await this.pull(progress, commit.version);
    await this.stage(progress, deployments);
  }

  private async pull(progress: Progress, version: string): Promise<void> {
    for (const percent of [0, 25, 50, 75, 100]) {
      progress.percent(`Receiving objects for ${version}`, percent);
      await this.step(progress);
    }
    progress.progressEnd();
  }

  private async stage(progress: Progress, deployments: DeploymentState[]): Promise<void> {
    progress.taskBegin('Staging deployment');
    await this.step(progress);
    await this.commit(deployments);
    progress.taskEnd('done');
  }

  /** The fault switches act once the client has seen the work begin. */
  private async faultsAfterFirstSignal(progress: Progress): Promise<void> {
    const { faults } = this.state;
    if (!faults.neverFinish && !faults.dieMidTransaction) return;
    progress.taskBegin('Preparing');
    progress.percent('Preparing', 10);
    if (faults.dieMidTransaction) {
      // A crash, not an exit: no cleanup, the socket file stays behind.
      setTimeout(() => process.kill(process.pid, 'SIGKILL'), 20);
    }
    await new Promise<never>((_resolve, reject) => {
      progress.signal.addEventListener(
        'abort',
        () => reject(new Error('Operation was cancelled')),
        { once: true },
      );
    });
  }

  private step(progress: Progress, ms = this.state.config.stepMs): Promise<void> {
    return new Promise((resolve, reject) => {
      if (progress.signal.aborted) {
        reject(new Error('Operation was cancelled'));
        return;
      }
      const timer = setTimeout(resolve, ms);
      progress.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new Error('Operation was cancelled'));
        },
        { once: true },
      );
    });
  }

  /** Writes the new deployment list and announces it (upstream reloads the sysroot before Finished). */
  private async commit(deployments: DeploymentState[]): Promise<void> {
    this.state = { ...this.state, deployments };
    await saveState(this.stateFile, this.state);
    this.changed();
  }

  /* ---- authorization, clients, idle ---- */

  /** The fault switch stands in for polkit saying no (even for root, which upstream lets through). */
  private authorize(
    scope: 'OS' | 'Sysroot',
    method: string,
    action: string,
    explicitOnly = false,
  ): void {
    const deny = this.state.faults.denyActions;
    const full = `${POLKIT_PREFIX}${action}`;
    if (deny.includes(full) || (!explicitOnly && deny.includes('*')))
      throw accessDenied(scope, method);
  }

  private async refreshFaults(): Promise<void> {
    try {
      this.state = { ...this.state, faults: (await loadState(this.stateFile)).faults };
    } catch {
      // A half-edited or broken file keeps the switches as they were.
    }
  }

  private async uidOf(sender: string): Promise<number | undefined> {
    try {
      const reply = await this.bus.call(
        new dbus.Message({
          destination: 'org.freedesktop.DBus',
          path: '/org/freedesktop/DBus',
          interface: 'org.freedesktop.DBus',
          member: 'GetConnectionUnixUser',
          signature: 's',
          body: [sender],
        }),
      );
      const uid: unknown = reply?.body[0];
      return typeof uid === 'number' ? uid : undefined;
    } catch {
      return undefined;
    }
  }

  private nameVanished(name: string): void {
    if (this.clients.delete(name)) this.updateIdle();
    if (this.txn && this.txn.sender === name && !this.txn.isStarted) this.txn.initiatorVanished();
  }

  private updateIdle(): void {
    const timeout = this.state.config.idleExitTimeout;
    const idle = timeout > 0 && !this.txn && this.clients.size === 0;
    if (idle && !this.idleTimer) {
      this.idleTimer = setTimeout(() => this.exit(), timeout * 1000);
    } else if (!idle && this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
  }

  /* ---- objects and change signals ---- */

  /** One OS object per stateroot that has deployments. */
  private syncObjects(): void {
    for (const osname of osnames(this.state)) {
      if (this.oses.has(osname)) continue;
      const iface = new OSInterface(this, osname);
      this.oses.set(osname, iface);
      this.bus.export(osObjectPath(osname), iface);
    }
  }

  private snapshotProperties(): Map<string, string> {
    const now = new Map<string, string>();
    const record = (key: string, value: unknown): void => void now.set(key, fingerprint(value));
    record('Sysroot.Booted', this.bootedPath());
    record('Sysroot.ActiveTransaction', this.activeTransaction());
    record('Sysroot.ActiveTransactionPath', this.activeTransactionPath());
    record('Sysroot.AutomaticUpdatePolicy', this.state.config.automaticUpdatePolicy);
    record('Sysroot.Path', this.state.sysrootPath);
    record('Sysroot.Deployments', this.deploymentDicts());
    for (const [osname, iface] of this.oses) {
      record(`${osname}.BootedDeployment`, iface.BootedDeployment);
      record(`${osname}.DefaultDeployment`, iface.DefaultDeployment);
      record(`${osname}.RollbackDeployment`, iface.RollbackDeployment);
      record(`${osname}.CachedUpdate`, iface.CachedUpdate);
      record(`${osname}.HasCachedUpdateRpmDiff`, iface.HasCachedUpdateRpmDiff);
    }
    const before = this.published;
    this.published = now;
    return before;
  }

  /** Emits PropertiesChanged for exactly the properties whose value changed (as GDBus skeletons do). */
  private changed(): void {
    this.syncObjects();
    const before = this.snapshotProperties();
    const diff = (prefix: string, names: string[]): string[] =>
      names.filter((n) => before.get(`${prefix}.${n}`) !== this.published.get(`${prefix}.${n}`));
    const sysroot = diff('Sysroot', [
      'Booted',
      'Path',
      'ActiveTransaction',
      'ActiveTransactionPath',
      'AutomaticUpdatePolicy',
      'Deployments',
    ]);
    if (sysroot.length) {
      const values: Record<string, unknown> = {};
      for (const name of sysroot) values[name] = Reflect.get(this.sysroot, name);
      dbus.interface.Interface.emitPropertiesChanged(this.sysroot, values, []);
    }
    for (const [osname, iface] of this.oses) {
      const names = diff(osname, [
        'BootedDeployment',
        'DefaultDeployment',
        'RollbackDeployment',
        'CachedUpdate',
        'HasCachedUpdateRpmDiff',
      ]);
      if (!names.length) continue;
      const values: Record<string, unknown> = {};
      for (const name of names) values[name] = Reflect.get(iface, name);
      dbus.interface.Interface.emitPropertiesChanged(iface, values, []);
    }
    this.updateIdle();
  }
}
