import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { posix } from 'node:path';
import { z } from 'zod';

import { KairnError } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import { isMissing } from './io-errors';

/**
 * Undo records of replaces, one JSON file per replace under `<stateDir>/undo/`, so an undo still
 * works after Kairn restarts. Written atomically (temp + rename).
 */

const UndoEntry = z.object({
  /** Where the replaced item was (and goes back to). */
  path: z.string(),
  /** Where it is kept meanwhile. */
  heldAt: z.string(),
  /** Folder to remove once undone (`<dir>/.kairn-replaced/<id>`). */
  holdingDir: z.string(),
  /** Where the restored copy landed; null until it did. */
  restoredAt: z.string().nullable(),
  /** Fingerprint of the restored copy right after the restore (tree-wide for folders). */
  signature: z.string().nullable(),
});
/** One replaced item in an undo record. */
export type UndoEntry = z.infer<typeof UndoEntry>;

const UndoRecord = z.object({
  version: z.literal(1),
  id: z.string(),
  createdAt: z.string(),
  config: z.string(),
  snapshot: z.number(),
  /** The allowed root the replaced items are under (records before this field lack it). */
  root: z.string().optional(),
  entries: z.array(UndoEntry),
});
/** Everything one replace needs to be undone. */
export type UndoRecord = z.infer<typeof UndoRecord>;

const ID_FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function lineOf(rel: string, st: BigIntStats): string {
  const kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'f';
  return [rel, kind, st.ino, st.size, st.mode, st.uid, st.gid, st.mtimeNs, st.ctimeNs].join(
    '\u0000',
  );
}

/**
 * Fingerprint of an item and everything under it (lstat only). Any write, rename inside, chmod or
 * xattr change moves a ctime, so "unchanged since the restore" is a plain comparison.
 */
export async function treeSignature(fs: FileSystemPort, path: string): Promise<string | null> {
  const hash = createHash('sha256');
  const walk = async (abs: string, rel: string): Promise<void> => {
    const st = await fs.lstat(abs, { bigint: true });
    hash.update(lineOf(rel, st)).update('\n');
    if (!st.isDirectory()) return;
    for (const name of (await fs.readdir(abs)).sort())
      await walk(posix.join(abs, name), posix.join(rel, name));
  };
  try {
    await walk(path, '.');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  return hash.digest('hex');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Reads and writes undo records. */
export class UndoLog {
  private readonly dir: string;

  constructor(
    private readonly fs: FileSystemPort,
    stateDir: string,
  ) {
    this.dir = posix.join(stateDir, 'undo');
  }

  /** A fresh undo id (also the name of the record and of the holding folder). */
  static newId(): string {
    return randomUUID();
  }

  private file(id: string): string {
    // Ids come from the API: only our own format may become a path.
    if (!ID_FORMAT.test(id))
      throw new KairnError('not-found', { reason: 'undo-not-found', detail: 'malformed undo id' });
    return posix.join(this.dir, `${id}.json`);
  }

  async save(record: UndoRecord): Promise<void> {
    const target = this.file(record.id);
    await this.fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = posix.join(this.dir, `.${record.id}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await this.fs.writeFile(temp, `${JSON.stringify(record, null, 2)}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
      await this.fs.rename(temp, target);
    } catch (err) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  async load(id: string): Promise<UndoRecord> {
    let text: string;
    try {
      text = await this.fs.readFile(this.file(id), 'utf8');
    } catch (err) {
      if (err instanceof KairnError) throw err;
      if (isMissing(err))
        throw new KairnError('not-found', { reason: 'undo-not-found', detail: id });
      throw err;
    }
    const parsed = UndoRecord.safeParse(parseJson(text));
    if (!parsed.success || parsed.data.id !== id) {
      throw new KairnError('not-found', {
        reason: 'undo-not-found',
        detail: `unreadable undo record ${id}`,
      });
    }
    return parsed.data;
  }

  /** Ids of all records on disk (unreadable names are not ids and are left out). */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.dir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    return names
      .filter((n) => n.endsWith('.json') && ID_FORMAT.test(n.slice(0, -5)))
      .map((n) => n.slice(0, -5));
  }

  async remove(id: string): Promise<void> {
    await this.fs.unlink(this.file(id)).catch((err: unknown) => {
      if (!isMissing(err)) throw err;
    });
  }
}
