import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import { parseConfigFile } from '../snapper/config-file';
import { formatInfoXml, parseInfoXml, type SnapshotInfo } from '../snapper/info-xml';
import { writeJsonAtomic } from '../sd-bus/state-file';
import { IN_PROGRESS, type RootSnapshot } from './snapshots';
import { tukitStateSchema, type TukitState } from './state';

/** What tukit keeps of its own when snapper holds the snapshots (commands, reboots, timing). */
const extrasSchema = tukitStateSchema.pick({ commands: true, reboots: true, commandMs: true });
type Extras = z.infer<typeof extrasSchema>;

const bootSchema = z.record(
  z.string(),
  z.object({ default: z.number().int().optional(), active: z.number().int().optional() }),
);

function toRoot(info: SnapshotInfo): RootSnapshot {
  return {
    number: info.number,
    type: info.type,
    preNumber: info.preNumber === 0 ? null : info.preNumber,
    date: new Date(info.date * 1000).toISOString(),
    user: info.uid === 0 ? 'root' : String(info.uid),
    cleanup: info.cleanup,
    description: info.description,
    userdata: { ...info.userdata },
    readOnly: info.userdata[IN_PROGRESS] !== 'yes',
  };
}

function toInfo(s: RootSnapshot): SnapshotInfo {
  return {
    number: s.number,
    type: s.type,
    preNumber: s.preNumber ?? 0,
    date: Math.floor(new Date(s.date).getTime() / 1000),
    uid: s.user === 'root' ? 0 : Number(s.user) || 0,
    description: s.description,
    cleanup: s.cleanup,
    userdata: s.userdata,
  };
}

/**
 * tukit's snapshots ARE snapper's root config, as on a real system where tukitd runs `snapper …`:
 * this store reads and writes the snapper simulator's on-disk layout (`.snapshots/<N>/info.xml`)
 * and its stand-in for the btrfs default subvolume (`<snapper state>/boot.json`), so a RollbackTo
 * here is what snapper's GetDefaultSnapshot reports next. Used by the demo.
 */
export class SnapperBackedTukitStore {
  readonly file: string;
  private readonly bootFile: string;
  private readonly subvolume: string;
  private state: TukitState | null = null;

  constructor(
    dir: string,
    snapperState: string,
    private readonly config: string,
  ) {
    this.file = join(dir, 'tukit.json');
    this.bootFile = join(snapperState, 'boot.json');
    const values = parseConfigFile(readFileSync(join(snapperState, 'configs', config), 'utf8'));
    if (!values.SUBVOLUME) throw new Error(`snapper config ${config} has no SUBVOLUME`);
    this.subvolume = values.SUBVOLUME;
  }

  /** Read fresh every time: snapper (the simulator) may have changed the snapshots meanwhile. */
  get(): TukitState {
    const snapshots = this.readInfos().map(toRoot);
    const boot = this.readBoot()[this.config] ?? {};
    const newest = snapshots.at(-1)?.number ?? 1;
    this.state = {
      ...this.readExtras(),
      snapshots,
      active: boot.active ?? boot.default ?? newest,
      default: boot.default ?? boot.active ?? newest,
    };
    return this.state;
  }

  /** Writes back what changed: info.xml of changed or new snapshots, deleted ones, the default. */
  save(): void {
    const state = this.state;
    if (!state) return;
    const base = join(this.subvolume, '.snapshots');
    const before = new Map(this.readInfos().map((i) => [i.number, formatInfoXml(i)]));
    for (const s of state.snapshots) {
      const xml = formatInfoXml(toInfo(s));
      if (before.get(s.number) === xml) continue;
      // A new transaction gets an empty tree here: the demo only needs its metadata.
      mkdirSync(join(base, String(s.number), 'snapshot'), { recursive: true });
      writeFileSync(join(base, String(s.number), 'info.xml'), xml, { mode: 0o600 });
    }
    const kept = new Set(state.snapshots.map((s) => s.number));
    for (const number of before.keys())
      if (!kept.has(number)) rmSync(join(base, String(number)), { recursive: true, force: true });
    // snapper's simulator re-reads its list when `.snapshots` changed.
    const now = new Date();
    utimesSync(base, now, now);
    const boot = this.readBoot();
    boot[this.config] = { default: state.default, active: state.active };
    writeJsonAtomic(this.bootFile, boot);
    const extras: Extras = {
      commands: state.commands,
      reboots: state.reboots,
      commandMs: state.commandMs,
    };
    writeJsonAtomic(this.file, extras);
  }

  private readInfos(): SnapshotInfo[] {
    const base = join(this.subvolume, '.snapshots');
    const names = existsSync(base) ? readdirSync(base).filter((n) => /^[1-9]\d*$/.test(n)) : [];
    return names
      .map((n) => {
        try {
          return parseInfoXml(readFileSync(join(base, n, 'info.xml'), 'utf8'));
        } catch {
          return null;
        }
      })
      .filter((i): i is SnapshotInfo => i !== null)
      .sort((a, b) => a.number - b.number);
  }

  private readBoot(): z.infer<typeof bootSchema> {
    if (!existsSync(this.bootFile)) return {};
    return bootSchema.parse(JSON.parse(readFileSync(this.bootFile, 'utf8')));
  }

  private readExtras(): Extras {
    const raw: unknown = existsSync(this.file) ? JSON.parse(readFileSync(this.file, 'utf8')) : {};
    return extrasSchema.parse(raw);
  }
}
