import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { z } from 'zod';

/** What the notifier remembers between runs ($XDG_STATE_HOME/kairn/notifier.json). */
const NotifierMemory = z.object({
  /** The pending restart state already announced: never twice for the same one. */
  notifiedKey: z.string().max(8192).nullable().catch(null),
  /** "Later" was chosen: ask again only from this time (the next day). */
  laterUntil: z.string().max(64).nullable().catch(null),
  /** The system's own notifier that announced notifiedKey instead of Kairn (null: Kairn did). */
  toldBy: z.string().max(64).nullable().catch(null).default(null),
});
export type NotifierMemory = z.infer<typeof NotifierMemory>;

const EMPTY: NotifierMemory = { notifiedKey: null, laterUntil: null, toldBy: null };

export class MemoryStore {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'notifier.json');
  }

  async read(): Promise<NotifierMemory> {
    try {
      const parsed = NotifierMemory.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      return parsed.success ? parsed.data : EMPTY;
    } catch {
      return EMPTY;
    }
  }

  async write(memory: NotifierMemory): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(memory, null, 2));
    await rename(tmp, this.file);
  }
}
