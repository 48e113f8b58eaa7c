import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { z } from 'zod';

/** Writes JSON via a temp name + rename, so a reader never sees half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * Reads a simulator's state file through its schema; a missing file is seeded (and written, so
 * tests and people can look at and edit it). A broken file is an error, not silently replaced.
 */
export function loadOrSeed<T>(file: string, schema: z.ZodType<T>, seed: () => T): T {
  if (!existsSync(file)) {
    const state = seed();
    writeJsonAtomic(file, state);
    return state;
  }
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.data;
}

/** What identifies one version of the file: a rename gives a new inode even within one clock tick. */
function versionOf(file: string): string {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return 'missing';
  }
}

/**
 * A simulator's state file, re-read when someone else (a test, a person) replaced or changed it
 * since our last write, so a scenario can be set up while the service runs.
 */
export class WatchedStateFile<T> {
  private state: T;
  private version: string;

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly seed: () => T,
  ) {
    this.state = loadOrSeed(file, schema, seed);
    this.version = versionOf(file);
  }

  get(): T {
    const now = versionOf(this.file);
    if (now !== this.version) {
      this.state = loadOrSeed(this.file, this.schema, this.seed);
      this.version = now;
    }
    return this.state;
  }

  save(): void {
    writeJsonAtomic(this.file, this.state);
    this.version = versionOf(this.file);
  }
}
