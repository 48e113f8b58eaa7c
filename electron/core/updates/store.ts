import { posix } from 'node:path';

import { z } from 'zod';

import { LastUpdate, UpdateCheckResult } from '../../../shared/schemas/updates';
import type { FileSystemPort } from '../ports/file-system';

/** What Kairn remembers about updates it ran: the last preparation and the last check. */
const UpdatesRecord = z.object({
  lastPrepare: LastUpdate.nullable().catch(null),
  lastCheck: UpdateCheckResult.nullable().catch(null),
});
export type UpdatesRecord = z.infer<typeof UpdatesRecord>;

const EMPTY: UpdatesRecord = { lastPrepare: null, lastCheck: null };

type Fs = Pick<FileSystemPort, 'readFile' | 'writeFile' | 'rename' | 'mkdir'>;

/** updates.json in the state dir; a missing or damaged file means nothing is known. */
export class UpdatesStore {
  private readonly file: string;

  constructor(
    private readonly fs: Fs,
    private readonly dir: string,
  ) {
    this.file = posix.join(dir, 'updates.json');
  }

  async read(): Promise<UpdatesRecord> {
    try {
      const parsed = UpdatesRecord.safeParse(JSON.parse(await this.fs.readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : EMPTY;
    } catch {
      return EMPTY;
    }
  }

  async update(change: Partial<UpdatesRecord>): Promise<void> {
    const next = { ...(await this.read()), ...change };
    await this.fs.mkdir(this.dir, { recursive: true });
    // Temp name + rename: a crash never leaves half a record.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await this.fs.writeFile(tmp, JSON.stringify(next, null, 2));
    await this.fs.rename(tmp, this.file);
  }
}
