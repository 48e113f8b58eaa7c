import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { z } from 'zod';

import type { FileSystemPort } from '../ports/file-system';
import type { ProcessesPort } from '../ports/processes';
import { removeTree } from './copy-tree';
import { checkPlace } from './dest-guard';
import { isMissing } from './io-errors';
import { isTempName } from './naming';

/**
 * What a running restore has written so far and not yet put in place: its temp copies and the
 * folders it created, one JSON file per job under `<stateDir>/restore-journal/`, written before
 * each of them exists. A restore killed hard (SIGKILL, power cut) cannot clean up after itself;
 * the next restore service sees its journal with a dead pid and removes what it lists.
 */

const JournalEntry = z.object({
  /** A temp copy (removed with everything in it) or a created folder (removed only if empty). */
  kind: z.enum(['temp', 'dir']),
  path: z.string(),
  /** The allowed root of the destination: the way down to `path` is checked again before removing. */
  root: z.string(),
});
type JournalEntry = z.infer<typeof JournalEntry>;

const JournalFile = z.object({
  version: z.literal(1),
  /** 0 when the service could not know its own pid: never swept then. */
  pid: z.number().int().nonnegative(),
  jobId: z.string(),
  startedAt: z.string(),
  entries: z.array(JournalEntry),
});
type JournalFile = z.infer<typeof JournalFile>;

/** Journal names are job ids (UUIDs): nothing else in that folder is read as one. */
const JOURNAL_NAME = /^[0-9a-f-]{36}\.json$/;

function journalDir(stateDir: string): string {
  return posix.join(stateDir, 'restore-journal');
}

/** The journal of one running restore job. */
export class RestoreJournal {
  private readonly file: string;
  private readonly data: JournalFile;

  constructor(
    private readonly fs: FileSystemPort,
    stateDir: string,
    pid: number,
    jobId: string,
    now: Date,
  ) {
    this.file = posix.join(journalDir(stateDir), `${jobId}.json`);
    this.data = { version: 1, pid, jobId, startedAt: now.toISOString(), entries: [] };
  }

  /** Records a path before it is written (atomically: a crash leaves the old or the new journal). */
  async record(kind: JournalEntry['kind'], path: string, root: string): Promise<void> {
    this.data.entries.push({ kind, path, root });
    const dir = posix.dirname(this.file);
    await this.fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = posix.join(dir, `.${this.data.jobId}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await this.fs.writeFile(temp, `${JSON.stringify(this.data)}\n`, { mode: 0o600, flag: 'wx' });
      await this.fs.rename(temp, this.file);
    } catch (err) {
      await this.fs.unlink(temp).catch(() => undefined);
      throw err;
    }
  }

  /** The job is over and its leftovers are gone (or in place): the journal goes. */
  async close(): Promise<void> {
    await this.fs.unlink(this.file).catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Removes one listed leftover if it is still ours: a Kairn temp name (or an empty folder) reached through real folders. */
async function removeLeftover(fs: FileSystemPort, entry: JournalEntry): Promise<boolean> {
  try {
    await checkPlace(fs, { root: entry.root, dir: posix.dirname(entry.path) }, null, false);
  } catch {
    return false; // moved, gone or now behind a link: nothing of ours is reachable safely
  }
  if (entry.kind === 'dir')
    return fs.rmdir(entry.path).then(
      () => true,
      () => false,
    );
  if (!isTempName(posix.basename(entry.path))) return false;
  await removeTree(fs, entry.path);
  return true;
}

/** Sweeps the journals of restores whose process is gone; returns the paths it removed. */
export async function sweepJournals(
  fs: FileSystemPort,
  stateDir: string,
  processes: ProcessesPort,
): Promise<string[]> {
  const dir = journalDir(stateDir);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => JOURNAL_NAME.test(n))) {
    const file = posix.join(dir, name);
    const parsed = JournalFile.safeParse(
      parseJson(await fs.readFile(file, 'utf8').catch(() => '')),
    );
    if (!parsed.success) continue; // not ours to judge: left alone
    const journal = parsed.data;
    if (journal.pid <= 0 || journal.pid === processes.pid || processes.isAlive(journal.pid))
      continue;
    const temps = journal.entries.filter((e) => e.kind === 'temp');
    const dirs = journal.entries.filter((e) => e.kind === 'dir').reverse();
    for (const entry of [...temps, ...dirs]) {
      if (await removeLeftover(fs, entry).catch(() => false)) removed.push(entry.path);
    }
    await fs.unlink(file).catch(() => undefined);
  }
  return removed;
}
