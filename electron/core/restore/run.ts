import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';

import type { RestoreResult } from '../../../shared/schemas/jobs';
import { KairnError, fsError } from '../errors';
import type { JobControl } from '../jobs/job-runner';
import type { FileSystemPort } from '../ports/file-system';
import { moveAside, placeNoOverwrite, removeHoldingDir } from './commit';
import { CopyEngine, removeTree } from './copy-tree';
import { checkPlace, isRealFolder } from './dest-guard';
import { writing } from './io-errors';
import { RestoreJournal } from './journal';
import { applyOwnerModeTimes } from './metadata';
import { candidateNames, tempName } from './naming';
import { holdingPlace, rebase } from './plan';
import { type PreparedRestore, type RestoreItem, accessReason } from './prepare';
import { checkUnreadable } from './skipped';
import { type UndoEntry, UndoLog, type UndoRecord, treeSignature } from './undo-log';

/**
 * One restore job: count, copy every item to a hidden temp name in its destination folder, and
 * only when all copies are complete, rename them into place (moving replaced items aside first).
 * A failure or cancel before that point removes every temp copy and created folder: nothing changed.
 * Every temp copy and created folder is in the job's journal before it exists, so what a killed
 * job leaves is swept by the next restore service. Each folder on the way is checked to be a real
 * folder (no link) when staging and again right before each item is put in place.
 */

/** What a restore job writes with. */
export interface RunDeps {
  fs: FileSystemPort;
  uid: number;
  stateDir: string;
  undoLog: UndoLog;
  /** This process's id, recorded in the journal. */
  pid: number;
  now(): Date;
}

interface Staged {
  item: RestoreItem;
  temp: string;
}

/** A parent folder the job had to create, and its counterpart in the snapshot (for its mode). */
interface CreatedDir {
  live: string;
  snap: string;
}

/** One restore job from count to result (one instance per job). */
export class RestoreRun {
  private readonly staged: Staged[] = [];
  private readonly created: CreatedDir[] = [];
  private readonly engine: CopyEngine;
  private readonly journal: RestoreJournal;

  constructor(
    private readonly deps: RunDeps,
    private readonly plan: PreparedRestore,
    private readonly ctl: JobControl,
  ) {
    const skip = new Set([posix.join(plan.root, '.snapshots')]);
    this.engine = new CopyEngine({
      fs: deps.fs,
      signal: ctl.signal,
      uid: deps.uid,
      skip,
      onProgress: (p) => ctl.progress(p),
    });
    this.journal = new RestoreJournal(deps.fs, deps.stateDir, deps.pid, ctl.jobId, deps.now());
  }

  async execute(): Promise<RestoreResult> {
    try {
      return await this.stageAndCommit();
    } finally {
      await this.journal.close();
    }
  }

  private async stageAndCommit(): Promise<RestoreResult> {
    try {
      for (const item of this.plan.items)
        await this.engine.count(item.loc.target, item.loc.livePath);
      const nothingReadable = this.plan.items.every((item) =>
        this.engine.isUnreadable(item.loc.target),
      );
      checkUnreadable({
        unreadable: this.engine.unreadable,
        nothingReadable,
        skipUnreadable: this.plan.skipUnreadable,
      });
      const { entries, bytes } = this.engine.totals;
      this.ctl.progress({
        done: 0,
        total: entries,
        bytesDone: 0,
        bytesTotal: bytes,
        current: null,
      });
      for (const item of this.plan.items) await this.stage(item);
    } catch (err) {
      await this.discard();
      throw await this.contractError(err);
    }
    try {
      // From here on only renames: quick, so cancel is no longer honoured.
      const result = await this.commit();
      await this.settleCreatedDirs();
      return result;
    } catch (err) {
      await this.discard();
      throw await this.contractError(err);
    }
  }

  private async stage(item: RestoreItem): Promise<void> {
    // A selected item that cannot be read is left out (and named) when the user chose to restore the rest.
    if (this.engine.isUnreadable(item.loc.target)) {
      this.engine.skipped.push({ path: item.loc.livePath, why: 'unreadable' });
      return;
    }
    await this.ensureParents(item);
    const temp = posix.join(
      item.target.destDir,
      tempName(item.target.name, randomBytes(6).toString('hex')),
    );
    await this.journal.record('temp', temp, item.place.root);
    this.staged.push({ item, temp });
    await this.engine.copy(item.loc.target, temp, item.loc.livePath);
  }

  /** Creates missing parents (owner-only while the job runs; their snapshot modes at the end). */
  private async ensureParents(item: RestoreItem): Promise<void> {
    const fs = this.deps.fs;
    for (const dir of await checkPlace(fs, item.place, item.rootId, true)) {
      await this.journal.record('dir', dir, item.place.root);
      const made = await writing(dir, () => fs.mkdir(dir, { mode: 0o700 })).then(
        () => true,
        async (err: unknown) => {
          // Made by another program meanwhile: fine if it is a real folder, and not ours to remove.
          if (await isRealFolder(fs, dir).catch(() => false)) return false;
          throw err;
        },
      );
      if (made)
        this.created.push({ live: dir, snap: rebase(dir, this.plan.subvolume, this.plan.root) });
    }
    await this.checkDest(item);
  }

  /** The folder written into is still reached through real folders only (run before every write that matters). */
  private async checkDest(item: RestoreItem): Promise<void> {
    await checkPlace(this.deps.fs, item.place, item.rootId, false);
  }

  /** Best effort: removes temp copies and created parents; never throws (it also runs after crashes). */
  private async discard(): Promise<void> {
    for (const { temp } of this.staged) await removeTree(this.deps.fs, temp).catch(() => undefined);
    for (const dir of [...this.created].reverse())
      await this.deps.fs.rmdir(dir.live).catch(() => undefined);
  }

  /** Gives created parents the snapshot's owner, mode and times, innermost first (best effort). */
  private async settleCreatedDirs(): Promise<void> {
    for (const dir of [...this.created].reverse()) {
      const st = await this.deps.fs.lstat(dir.snap).catch(() => null);
      if (st?.isDirectory())
        await applyOwnerModeTimes(this.deps.fs, dir.live, st, this.deps.uid).catch(() => undefined);
    }
  }

  private async commit(): Promise<RestoreResult> {
    const restored: string[] = [];
    const keptAside: RestoreResult['keptAside'] = [];
    const record = this.plan.mode === 'replace' ? this.newRecord() : null;
    for (const [index, { item, temp }] of this.staged.entries()) {
      await this.checkDest(item);
      const entry = record ? await this.setAside(record, item, index) : null;
      const names = candidateNames(item.target.name, item.isDir, this.plan.label);
      const opts = { isDir: item.isDir, check: () => this.checkDest(item) };
      const final = await placeNoOverwrite(
        this.deps.fs,
        temp,
        item.target.destDir,
        names,
        opts,
      ).catch(async (err: unknown) => {
        if (entry && record) await this.putBackAfterFailure(record, entry);
        throw err;
      });
      restored.push(final);
      if (entry && record) {
        keptAside.push({ path: entry.path, movedTo: entry.heldAt });
        entry.restoredAt = final;
        entry.signature = await treeSignature(this.deps.fs, final);
        await this.deps.undoLog.save(record);
      }
    }
    const stats = this.engine.stats;
    const undoId = record && record.entries.length > 0 ? record.id : null;
    return {
      restored,
      keptAside,
      undoId,
      files: stats.files,
      bytes: stats.bytes,
      cloned: this.engine.allCloned,
      skipped: this.engine.skipped,
    };
  }

  private newRecord(): UndoRecord {
    const { config, snapshot } = this.plan;
    const root = this.plan.subvolume;
    return {
      version: 1,
      id: UndoLog.newId(),
      createdAt: this.deps.now().toISOString(),
      config,
      snapshot,
      root,
      entries: [],
    };
  }

  /** Replace: the record is saved before the move, so even a crash right after it stays undoable. */
  private async setAside(
    record: UndoRecord,
    item: RestoreItem,
    index: number,
  ): Promise<UndoEntry | null> {
    const path = item.loc.livePath;
    const exists = await this.deps.fs.lstat(path).then(
      () => true,
      () => false,
    );
    if (!exists) return null;
    const entry: UndoEntry = {
      path,
      heldAt: '',
      holdingDir: '',
      restoredAt: null,
      signature: null,
    };
    Object.assign(entry, holdingPlace(path, record.id));
    record.entries.push(entry);
    await this.deps.undoLog.save(record);
    const held = await moveAside(this.deps.fs, path, record.id, this.deps.stateDir, index).catch(
      async (err: unknown) => {
        await this.forget(record);
        throw err;
      },
    );
    if (held === null) {
      await this.forget(record);
      return null;
    }
    Object.assign(entry, held);
    return entry;
  }

  /** Drops the last entry (it was not moved after all) from the record on disk too. */
  private async forget(record: UndoRecord): Promise<void> {
    record.entries.pop();
    if (record.entries.length > 0) await this.deps.undoLog.save(record).catch(() => undefined);
    else await this.deps.undoLog.remove(record.id).catch(() => undefined);
  }

  /** The restored copy could not be placed: the set-aside item goes back where it was (never over anything). */
  private async putBackAfterFailure(record: UndoRecord, entry: UndoEntry): Promise<void> {
    const fs = this.deps.fs;
    const isDir = (await fs.lstat(entry.heldAt).catch(() => null))?.isDirectory() ?? false;
    const names = candidateNames(posix.basename(entry.path), isDir, 'before restore');
    const back = await placeNoOverwrite(fs, entry.heldAt, posix.dirname(entry.path), names, {
      isDir,
    }).then(
      () => true,
      () => false,
    );
    if (!back) return; // it stays held, and the record on disk still leads to it
    await removeHoldingDir(fs, entry.holdingDir);
    await this.forget(record);
  }

  private async contractError(err: unknown): Promise<KairnError> {
    const mapped = err instanceof KairnError ? err : fsError(err, 'restore');
    return accessReason(this.deps.fs, mapped, this.plan.root);
  }
}
