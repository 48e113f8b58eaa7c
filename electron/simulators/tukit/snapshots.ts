/** One snapshot of snapper's root config, as the tukit simulator keeps it. */
export interface RootSnapshot {
  number: number;
  type: 'single' | 'pre' | 'post';
  /** For a post snapshot: its pre snapshot. */
  preNumber: number | null;
  /** ISO-8601 UTC. */
  date: string;
  user: string;
  cleanup: string;
  description: string;
  userdata: Record<string, string>;
  readOnly: boolean;
}

export interface RootSnapshots {
  snapshots: RootSnapshot[];
  /** The snapshot the running system was booted from. */
  active: number;
  /** The btrfs default subvolume: what the next boot starts. */
  default: number;
}

/** Thrown with libtukit's message; the service turns it into org.opensuse.tukit.Error. */
export class TukitFailure extends Error {}

/** `snapper …` failed: libtukit reports the command line and snapper's exit code. */
export function snapperFailed(args: string, code = 1): TukitFailure {
  return new TukitFailure(`\`snapper ${args}\` returned with error code ${code}.`);
}

/** Columns of `snapper list --columns` that tukit lets through (its filter allows letters and commas only). */
const COLUMNS = new Set([
  'config',
  'subvolume',
  'number',
  'default',
  'active',
  'type',
  'date',
  'user',
  'cleanup',
  'description',
  'userdata',
]);

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

/** `snapper --utc --iso` prints dates as "YYYY-MM-DD HH:MM:SS" in UTC. */
export function snapperDate(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** snapper joins userdata as "key=value" pairs separated by ", ". */
export function formatUserdata(userdata: Readonly<Record<string, string>>): string {
  return Object.entries(userdata)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function cell(state: RootSnapshots, s: RootSnapshot | null, column: string): string {
  switch (column) {
    case 'config':
      return 'root';
    case 'subvolume':
      return '/';
    case 'number':
      return String(s?.number ?? 0);
    case 'default':
      return yesNo(s !== null && s.number === state.default);
    case 'active':
      return yesNo(s !== null && s.number === state.active);
    case 'type':
      return s?.type ?? 'single';
    case 'date':
      return s ? snapperDate(s.date) : '';
    case 'user':
      return s?.user ?? 'root';
    case 'cleanup':
      return s?.cleanup ?? '';
    case 'description':
      return s?.description ?? 'current';
    case 'userdata':
      return s ? formatUserdata(s.userdata) : '';
    default:
      return '';
  }
}

/**
 * Snapshot.List(columns): one map per snapshot (snapshot 0, "current", first, like snapper list),
 * with the asked columns as keys and snapper's CSV text as values. An empty column list gives
 * empty maps (a count); invalid characters or an unknown column fail like libtukit does.
 */
export function listSnapshots(state: RootSnapshots, columns: string): Record<string, string>[] {
  if (!/^[A-Za-z,]*$/.test(columns))
    throw new TukitFailure('Column list contains invalid characters.');
  const fields = columns.split(',').filter((f) => f !== '');
  const asked = fields.length === 0 ? 'number,date,description' : columns;
  const unknown = fields.find((f) => !COLUMNS.has(f));
  if (unknown !== undefined) throw snapperFailed(`--utc --iso --csvout list --columns ${asked}`);
  const rows: (RootSnapshot | null)[] = [
    null,
    ...[...state.snapshots].sort((a, b) => a.number - b.number),
  ];
  return rows.map((s) => Object.fromEntries(fields.map((f) => [f, cell(state, s, f)])));
}

function find(state: RootSnapshots, id: string): RootSnapshot | undefined {
  return /^\d+$/.test(id) ? state.snapshots.find((s) => s.number === Number(id)) : undefined;
}

/**
 * RollbackTo(id) = `snapper rollback id` on a read-only root (the "transactional" ambit): no new
 * snapshot, the target loses its cleanup algorithm and becomes the default; the running
 * (active) snapshot stays until the next boot.
 */
export function rollbackTo(state: RootSnapshots, id: string): void {
  const target = find(state, id);
  if (!target) throw snapperFailed(`rollback ${id}`);
  target.cleanup = '';
  state.default = target.number;
}

/** Delete(id) = `snapper delete id`: snapper refuses snapshot 0, the running and the default one. */
export function deleteSnapshot(state: RootSnapshots, id: string): void {
  const target = find(state, id);
  if (!target || target.number === state.active || target.number === state.default)
    throw snapperFailed(`delete ${id}`);
  state.snapshots = state.snapshots.filter((s) => s !== target);
}

/** Resolves a transaction base: "" or "active" = running, "default" = next boot, else a number. */
export function resolveBase(state: RootSnapshots, base: string): number {
  const number =
    base === '' || base === 'active'
      ? state.active
      : base === 'default'
        ? state.default
        : /^\d+$/.test(base)
          ? Number(base)
          : NaN;
  if (!state.snapshots.some((s) => s.number === number))
    throw new TukitFailure(`Base snapshot '${base}' does not exist.`);
  return number;
}

export const IN_PROGRESS = 'transactional-update-in-progress';

/** Open a transaction: `snapper create --from base --read-write --cleanup-algorithm number …`. */
export function createTransaction(
  state: RootSnapshots,
  description: string,
  now: Date,
): RootSnapshot {
  const number = Math.max(0, ...state.snapshots.map((s) => s.number)) + 1;
  const snapshot: RootSnapshot = {
    number,
    type: 'single',
    preNumber: null,
    date: now.toISOString(),
    user: 'root',
    cleanup: 'number',
    description,
    userdata: { [IN_PROGRESS]: 'yes' },
    readOnly: false,
  };
  state.snapshots.push(snapshot);
  return snapshot;
}

/** An open transaction: exists and still carries transactional-update-in-progress=yes. */
export function openTransaction(state: RootSnapshots, id: string): RootSnapshot {
  const snapshot = find(state, id);
  if (!snapshot) throw new TukitFailure(`Snapshot ${id} does not exist.`);
  if (snapshot.userdata[IN_PROGRESS] !== 'yes')
    throw new TukitFailure(`Snapshot ${id} is not an open transaction.`);
  return snapshot;
}

/** Close: clear the in-progress mark, make it read-only and the next boot's default. */
export function finalizeTransaction(state: RootSnapshots, snapshot: RootSnapshot): void {
  const { [IN_PROGRESS]: _done, ...rest } = snapshot.userdata;
  snapshot.userdata = rest;
  snapshot.readOnly = true;
  state.default = snapshot.number;
}

/** Abort: the snapshot is deleted. */
export function discardTransaction(state: RootSnapshots, snapshot: RootSnapshot): void {
  state.snapshots = state.snapshots.filter((s) => s !== snapshot);
}
