import { posix } from 'node:path';

import { z } from 'zod';

import type { FileSystemPort } from '../ports/file-system';

/** The pending restart Kairn first saw, and when: "waiting since" where the system keeps no time. */
const Seen = z.object({ key: z.string().max(4096), at: z.iso.datetime() });

type Fs = Pick<FileSystemPort, 'readFile' | 'writeFile' | 'rename' | 'mkdir' | 'rm'>;

/**
 * restart-pending.json in the state dir. A staged rpm-ostree deployment without its runstate file,
 * or a newer sysupdate version, carries no time of its own: Kairn then says since when it has
 * known (at the latest). The same pending state keeps its first time; another one starts anew.
 */
export class PendingSeenStore {
  private readonly file: string;

  constructor(
    private readonly fs: Fs,
    private readonly dir: string,
  ) {
    this.file = posix.join(dir, 'restart-pending.json');
  }

  /** The first time this pending state (`key`) was seen; recorded now when it is new. */
  async firstSeen(key: string, now: Date): Promise<Date> {
    const known = await this.read();
    if (known?.key === key) return new Date(known.at);
    const at = now.toISOString();
    await this.fs.mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await this.fs.writeFile(tmp, JSON.stringify({ key, at }));
    await this.fs.rename(tmp, this.file);
    return now;
  }

  /** Nothing pending any more: the next pending state is new. */
  async clear(): Promise<void> {
    await this.fs.rm(this.file, { force: true });
  }

  private async read(): Promise<z.infer<typeof Seen> | null> {
    try {
      const parsed = Seen.safeParse(JSON.parse(await this.fs.readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
