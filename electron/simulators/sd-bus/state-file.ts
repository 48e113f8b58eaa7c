import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
