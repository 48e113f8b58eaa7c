import { posix } from 'node:path';

import type { KairnEnvironment } from '../env';
import { isInside } from '../paths/path-guard';
import type { HistoryRetention } from '../../../shared/schemas/snapshots';
import type { SnapperConfigInfo } from '../ports/snapper';

function clean(path: string): string {
  return posix.normalize(path).replace(/\/+$/, '') || '/';
}

/**
 * The config whose subvolume is the home folder (KDE Linux: `home_<uid>`) or holds it (`home`
 * on /home): an exact match first, then the longest subvolume containing it. A config on `/`
 * never counts: every atomic desktop keeps /home (or /var/home) out of the root snapshots.
 */
export function findHomeConfig(
  configs: readonly SnapperConfigInfo[],
  homes: readonly string[],
): SnapperConfigInfo | null {
  const wanted = homes.map(clean);
  const candidates = configs.filter((c) => clean(c.subvolume) !== '/');
  const exact = candidates.find((c) => wanted.includes(clean(c.subvolume)));
  if (exact) return exact;
  let best: SnapperConfigInfo | null = null;
  for (const c of candidates) {
    const sub = clean(c.subvolume);
    if (!wanted.some((home) => isInside(sub, home))) continue;
    if (!best || sub.length > clean(best.subvolume).length) best = c;
  }
  return best;
}

/** snapper's ALLOW_USERS / ALLOW_GROUPS: names separated by spaces, `\ ` for a space inside a name. */
export function parseAllowList(value: string | undefined): string[] {
  if (!value) return [];
  const names = value.match(/(?:\\.|[^\s\\])+/g) ?? [];
  return names.map((n) => n.replace(/\\(.)/g, '$1'));
}

/**
 * Whether snapperd will let this user use the config, as far as the config says: root, or the
 * user (by name or uid) in ALLOW_USERS. Groups need the group database: 'maybe' then.
 */
export function allowedByConfig(
  config: SnapperConfigInfo,
  env: Pick<KairnEnvironment, 'uid' | 'userName'>,
): 'yes' | 'no' | 'maybe' {
  if (env.uid === 0) return 'yes';
  const users = parseAllowList(config.values.ALLOW_USERS);
  if (users.includes(env.userName) || users.includes(String(env.uid))) return 'yes';
  return parseAllowList(config.values.ALLOW_GROUPS).length > 0 ? 'maybe' : 'no';
}

/** snapper rejects userdata keys or values with ',' or '=' (error.invalid_userdata), and empty keys. */
export function validUserdata(userdata: Readonly<Record<string, string>>): boolean {
  return Object.entries(userdata).every(([k, v]) => k !== '' && !/[,=]/.test(k) && !/[,=]/.test(v));
}

/** snapper's defaults (its "default" config template) for settings a config does not list. */
const RETENTION_DEFAULTS: HistoryRetention = {
  timeline: true,
  cleanup: true,
  hourly: 10,
  daily: 10,
  weekly: 0,
  monthly: 10,
  yearly: 10,
};

/** "10" or a range "2-10" (snapper ≥ 0.8): the most that are kept. */
function limit(value: string | undefined, fallback: number): number {
  const match = value === undefined ? null : /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(value);
  if (!match) return fallback;
  return Number(match[2] ?? match[1]);
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  return value.trim() === 'yes';
}

/** The config's timeline and cleanup settings, for "points are kept up to 10 years". */
export function retentionOf(values: Readonly<Record<string, string>>): HistoryRetention {
  const d = RETENTION_DEFAULTS;
  return {
    timeline: flag(values.TIMELINE_CREATE, d.timeline),
    cleanup: flag(values.TIMELINE_CLEANUP, d.cleanup),
    hourly: limit(values.TIMELINE_LIMIT_HOURLY, d.hourly),
    daily: limit(values.TIMELINE_LIMIT_DAILY, d.daily),
    weekly: limit(values.TIMELINE_LIMIT_WEEKLY, d.weekly),
    monthly: limit(values.TIMELINE_LIMIT_MONTHLY, d.monthly),
    yearly: limit(values.TIMELINE_LIMIT_YEARLY, d.yearly),
  };
}
