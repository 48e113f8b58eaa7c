import { execFile } from 'node:child_process';
import {
  chmod,
  chown,
  lstat,
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { configFromTemplate, formatConfigFile, parseConfigFile } from './config-file';
import { formatInfoXml, parseInfoXml, type SnapshotInfo } from './info-xml';

const run = promisify(execFile);

/** A config as the simulator keeps it: `<state>/configs/<name>` in snapper's format. */
export interface ConfigRecord {
  name: string;
  subvolume: string;
  values: Record<string, string>;
}

/** What a new snapshot carries besides its files. */
export interface NewSnapshot {
  description: string;
  cleanup: string;
  userdata: Record<string, string>;
  uid: number;
}

const VALID_NAME = /^[^/\0]+$/;

/**
 * The simulator's state, kept on disk in snapper's own layout so the same files serve real
 * snapperd and the simulator: configs in `<state>/configs/<name>`, snapshots in
 * `<SUBVOLUME>/.snapshots/<N>/{info.xml,snapshot/}`.
 */
export class SnapperStore {
  private readonly cache = new Map<string, { mtimeMs: number; list: SnapshotInfo[] }>();

  constructor(readonly stateDir: string) {}

  private configFile(name: string): string {
    return join(this.stateDir, 'configs', name);
  }

  async listConfigs(): Promise<ConfigRecord[]> {
    const names = await readdir(join(this.stateDir, 'configs')).catch(() => [] as string[]);
    const configs = await Promise.all(names.sort().map((name) => this.config(name)));
    return configs.filter((c): c is ConfigRecord => c !== null);
  }

  async config(name: string): Promise<ConfigRecord | null> {
    if (!VALID_NAME.test(name) || name === '.' || name === '..') return null;
    const text = await readFile(this.configFile(name), 'utf8').catch(() => null);
    if (text === null) return null;
    const values = parseConfigFile(text);
    return { name, subvolume: values.SUBVOLUME ?? '/', values };
  }

  /** Writes a config from snapper's template plus `values`, and its `.snapshots` directory. */
  async createConfig(name: string, values: Record<string, string>): Promise<void> {
    const all = configFromTemplate(values);
    await mkdir(join(this.stateDir, 'configs'), { recursive: true });
    await writeFile(this.configFile(name), formatConfigFile(all), { flag: 'wx' });
    // CreateConfig always passes SUBVOLUME; the template has none of its own.
    await mkdir(join(all.SUBVOLUME ?? '/', '.snapshots'), { recursive: true, mode: 0o750 });
  }

  async setConfigValues(config: ConfigRecord, changes: Record<string, string>): Promise<void> {
    await writeFile(
      this.configFile(config.name),
      formatConfigFile({ ...config.values, ...changes }),
    );
  }

  snapshotDir(config: ConfigRecord, number: number): string {
    return number === 0
      ? config.subvolume
      : join(config.subvolume, '.snapshots', String(number), 'snapshot');
  }

  /** All snapshots by number (not 0); re-read when `.snapshots` changed since the last read. */
  async listSnapshots(config: ConfigRecord): Promise<SnapshotInfo[]> {
    const base = join(config.subvolume, '.snapshots');
    const mtimeMs = (await stat(base).catch(() => null))?.mtimeMs ?? 0;
    const cached = this.cache.get(config.name);
    if (cached && cached.mtimeMs === mtimeMs) return cached.list;
    const names = await readdir(base).catch(() => [] as string[]);
    const infos = await Promise.all(
      names
        .filter((n) => /^[1-9]\d*$/.test(n))
        .map(async (n) =>
          parseInfoXml(await readFile(join(base, n, 'info.xml'), 'utf8').catch(() => '')),
        ),
    );
    const list = infos
      .filter((i): i is SnapshotInfo => i !== null)
      .sort((a, b) => a.number - b.number);
    this.cache.set(config.name, { mtimeMs, list });
    return list;
  }

  async snapshot(config: ConfigRecord, number: number): Promise<SnapshotInfo | null> {
    return (await this.listSnapshots(config)).find((s) => s.number === number) ?? null;
  }

  async writeInfo(config: ConfigRecord, info: SnapshotInfo): Promise<void> {
    await writeFile(
      join(config.subvolume, '.snapshots', String(info.number), 'info.xml'),
      formatInfoXml(info),
      { mode: 0o600 },
    );
    await this.updateCache(config, (list) =>
      [...list.filter((s) => s.number !== info.number), info].sort((a, b) => a.number - b.number),
    );
  }

  /** Keeps the cached list right after our own writes, so listing 300+ snapshots stays cheap. */
  private async updateCache(
    config: ConfigRecord,
    change: (list: SnapshotInfo[]) => SnapshotInfo[],
  ): Promise<void> {
    const cached = this.cache.get(config.name);
    const mtimeMs = (await stat(join(config.subvolume, '.snapshots')).catch(() => null))?.mtimeMs;
    if (!cached || mtimeMs === undefined) return void this.cache.delete(config.name);
    this.cache.set(config.name, { mtimeMs, list: change(cached.list) });
  }

  /** snapper 0.10.4 numbering: highest existing + 1. Copies the live subvolume (without .snapshots). */
  async createSnapshot(config: ConfigRecord, meta: NewSnapshot): Promise<number> {
    const list = await this.listSnapshots(config);
    const number = (list.at(-1)?.number ?? 0) + 1;
    const dir = join(config.subvolume, '.snapshots', String(number));
    await mkdir(join(config.subvolume, '.snapshots'), { recursive: true, mode: 0o750 });
    await rm(dir, { recursive: true, force: true }); // a leftover without info.xml is not a snapshot
    await mkdir(join(dir, 'snapshot'), { recursive: true });
    try {
      await copyLive(config.subvolume, join(dir, 'snapshot'));
      const date = Math.floor(Date.now() / 1000);
      await this.writeInfo(config, { number, type: 'single', preNumber: 0, date, ...meta });
    } catch (err) {
      await removeTree(dir);
      throw err;
    }
    return number;
  }

  async deleteSnapshot(config: ConfigRecord, number: number): Promise<void> {
    await removeTree(join(config.subvolume, '.snapshots', String(number)));
    await this.updateCache(config, (list) => list.filter((s) => s.number !== number));
  }

  /** The simulator's stand-in for the btrfs default / mounted subvolume: `<state>/boot.json`. */
  async bootState(config: string): Promise<{ default?: number; active?: number }> {
    const text = await readFile(join(this.stateDir, 'boot.json'), 'utf8').catch(() => '{}');
    const all = JSON.parse(text) as Record<string, { default?: number; active?: number }>;
    return all[config] ?? {};
  }
}

/** `cp -a --reflink=auto` of every top-level entry but `.snapshots`; the root's mode, owner and times too. */
async function copyLive(live: string, target: string): Promise<void> {
  const names = (await readdir(live)).filter((n) => n !== '.snapshots');
  if (names.length > 0)
    await run(
      'cp',
      ['-a', '--reflink=auto', '-t', target, '--', ...names.map((n) => join(live, n))],
      { maxBuffer: 1 << 20 },
    );
  const info = await lstat(live);
  await chmod(target, info.mode & 0o7777);
  if (process.getuid?.() === 0) await chown(target, info.uid, info.gid);
  await utimes(target, info.atime, info.mtime);
}

/** Removes a snapshot tree even when it holds read-only directories (copies keep their modes). */
async function removeTree(dir: string): Promise<void> {
  try {
    await rm(dir, { recursive: true, force: true });
  } catch {
    await run('chmod', ['-R', 'u+rwx', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
