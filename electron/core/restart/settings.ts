import { posix } from 'node:path';

import { z } from 'zod';

import { LocalTime } from '../../../shared/schemas/restart';
import type { FileSystemPort } from '../ports/file-system';

/** What Kairn keeps about restarts: the user's "Tonight" time and the schedule Kairn itself set. */
const RestartSettings = z.object({
  /** The person's own "Tonight" time; null until they pick one (then rebootmgr's window or 03:00 applies). */
  tonightTime: LocalTime.nullable().catch(null),
  /** µs since the epoch of the last schedule Kairn set, to tell it from someone else's. */
  scheduledUsec: z
    .string()
    .regex(/^\d{1,20}$/)
    .nullable()
    .catch(null),
});
export type RestartSettings = z.infer<typeof RestartSettings>;

export const DEFAULT_SETTINGS: RestartSettings = { tonightTime: null, scheduledUsec: null };

type Fs = Pick<FileSystemPort, 'readFile' | 'writeFile' | 'rename' | 'mkdir'>;

/** restart.json in the state dir; a missing or damaged file means the defaults. */
export class RestartSettingsStore {
  private readonly file: string;

  constructor(
    private readonly fs: Fs,
    private readonly dir: string,
  ) {
    this.file = posix.join(dir, 'restart.json');
  }

  async read(): Promise<RestartSettings> {
    try {
      const raw: unknown = JSON.parse(await this.fs.readFile(this.file, 'utf8'));
      const parsed = RestartSettings.safeParse(raw);
      return parsed.success ? parsed.data : DEFAULT_SETTINGS;
    } catch {
      return DEFAULT_SETTINGS;
    }
  }

  async update(change: Partial<RestartSettings>): Promise<RestartSettings> {
    const next = { ...(await this.read()), ...change };
    await this.fs.mkdir(this.dir, { recursive: true });
    // Temp name + rename: a crash never leaves half a settings file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    await this.fs.writeFile(tmp, JSON.stringify(next, null, 2));
    await this.fs.rename(tmp, this.file);
    return next;
  }
}
