import { join } from 'node:path';

import { z } from 'zod';

import { WatchedStateFile } from '../sd-bus/state-file';
import type { RootSnapshot } from './snapshots';

const snapshotSchema = z.object({
  number: z.number().int().min(1),
  type: z.enum(['single', 'pre', 'post']),
  preNumber: z.number().int().nullable().default(null),
  date: z.iso.datetime(),
  user: z.string().default('root'),
  cleanup: z.string().default(''),
  description: z.string().default(''),
  userdata: z.record(z.string(), z.string()).default({}),
  readOnly: z.boolean().default(true),
});

export const tukitStateSchema = z.object({
  snapshots: z.array(snapshotSchema),
  active: z.number().int().min(1),
  default: z.number().int().min(1),
  /** What a command run in a transaction returns (Call/Execute); others exit 0 with no output. */
  commands: z
    .record(z.string(), z.object({ returncode: z.number().int(), output: z.string().default('') }))
    .default({}),
  /** Reboots asked for with ExecuteAndReboot / the Reboot option (recorded, never done). */
  reboots: z
    .array(z.object({ snapshot: z.string(), method: z.string(), at: z.string() }))
    .default([]),
  /** Time a command "runs" before CommandExecuted/Error. */
  commandMs: z.number().int().min(0).default(50),
});

export type TukitState = z.infer<typeof tukitStateSchema>;

/**
 * An openSUSE Kalpa root history as transactional-update leaves it: single snapshots
 * "Snapshot Update of #N" (one marked important), a zypper pre/post pair, the running one, a
 * newer default waiting for the next boot, and an abandoned transaction still in progress.
 */
export function seedState(): TukitState {
  const single = (
    number: number,
    date: string,
    description: string,
    extra: Partial<RootSnapshot> = {},
  ): RootSnapshot => ({
    number,
    type: 'single',
    preNumber: null,
    date,
    user: 'root',
    cleanup: 'number',
    description,
    userdata: {},
    readOnly: true,
    ...extra,
  });
  return tukitStateSchema.parse({
    snapshots: [
      single(1, '2026-09-02T10:14:03Z', 'first root filesystem', { cleanup: '' }),
      single(33, '2026-11-03T03:10:27Z', 'Snapshot Update of #32'),
      single(35, '2026-11-06T03:12:44Z', 'Snapshot Update of #33'),
      {
        ...single(36, '2026-11-08T19:40:02Z', 'zypp(zypper)'),
        type: 'pre',
        userdata: { important: 'yes' },
      },
      {
        ...single(37, '2026-11-08T19:41:15Z', ''),
        type: 'post',
        preNumber: 36,
        userdata: { important: 'yes' },
      },
      single(39, '2026-11-13T03:09:51Z', 'Snapshot Update of #35'),
      single(41, '2026-11-20T03:11:08Z', 'Snapshot Update of #39', {
        userdata: { important: 'yes' },
      }),
      single(42, '2026-11-24T03:10:36Z', 'Snapshot Update of #41'),
      single(43, '2026-11-26T03:13:02Z', 'Snapshot Update of #42'),
      single(44, '2026-11-27T03:12:19Z', 'Snapshot Update of #42', {
        userdata: { 'transactional-update-in-progress': 'yes' },
        readOnly: false,
      }),
    ],
    active: 42,
    default: 43,
  });
}

/** Where the simulator's state lives: its own file, or snapper's root config (snapper-backed.ts). */
export interface TukitStateStore {
  get(): TukitState;
  save(): void;
}

/** The state file, re-read when someone else changed it since our last write. */
export class TukitStore extends WatchedStateFile<TukitState> implements TukitStateStore {
  constructor(dir: string) {
    super(join(dir, 'tukit.json'), tukitStateSchema, seedState);
  }
}
