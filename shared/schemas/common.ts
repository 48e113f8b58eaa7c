import { z } from 'zod';

/** Longest path Linux accepts (PATH_MAX). */
export const MAX_PATH = 4096;

/** An absolute path: starts with `/`, no NUL byte, bounded. `..` is resolved and checked by the core's path guard. */
export const AbsolutePath = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .refine((p) => p.startsWith('/'), { message: 'must be an absolute path' })
  .refine((p) => !p.includes('\0'), { message: 'must not contain a NUL byte' });

/** A path inside a snapshot or home, relative to the config's subvolume, written with a leading `/`. */
export const SubvolumePath = AbsolutePath;

/** Snapper config names are short identifiers (`root`, `home`, `home_1000`). */
export const ConfigName = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.@:-]+$/, { message: 'not a valid config name' });

/** Snapshot number; 0 means "now" (the live folder), as in snapper. */
export const SnapshotNumber = z.number().int().min(0).max(0xffffffff);

export const IsoDateTime = z.string().max(64);
export const JobId = z.string().min(1).max(64);
export const ShortText = z.string().max(1024);
export const Empty = z.object({}).strict();
