import { KairnError } from '../../core/errors';
import type {
  SnapperChange,
  SnapperConfigInfo,
  SnapperSnapshotInfo,
} from '../../core/ports/snapper';
import { decodeSnapperBytes, decodeSnapperString, unescapeBytes } from './escape';
import { SNAPSHOT_TYPES } from './proxy';

function bad(what: string, value: unknown): KairnError {
  // JSON.stringify gives undefined for undefined, though typed string: undefined is shown by String().
  const shown = (
    value === undefined
      ? 'undefined'
      : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  ).slice(0, 200);
  return new KairnError('backend-failed', {
    detail: `unexpected ${what} from snapperd: ${shown}`,
  });
}

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw bad(what, value);
  return value;
}

function asInt(value: unknown, what: string): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  throw bad(what, value);
}

function asTuple(value: unknown, length: number, what: string): unknown[] {
  if (!Array.isArray(value) || value.length < length) throw bad(what, value);
  return value;
}

function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw bad(what, value);
  return value;
}

/** a{ss} with every key and value unescaped. */
export function parseStringMap(value: unknown, what = 'string map'): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(what, value);
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    out[decodeSnapperString(key)] = decodeSnapperString(asString(raw, what));
  }
  return out;
}

/** ConfigInfo `(ssa{ss})` → SnapperConfigInfo. */
export function parseConfigInfo(raw: unknown): SnapperConfigInfo {
  const [name, subvolume, values] = asTuple(raw, 3, 'config');
  return {
    name: decodeSnapperString(asString(name, 'config name')),
    subvolume: decodeSnapperString(asString(subvolume, 'subvolume')),
    values: parseStringMap(values, 'config values'),
  };
}

/** `a(ssa{ss})` → configs sorted by name. */
export function parseConfigList(raw: unknown): SnapperConfigInfo[] {
  return asArray(raw, 'config list')
    .map(parseConfigInfo)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Snapshot `(uquxussa{ss})` → SnapperSnapshotInfo (number 0 is parsed too; callers drop it). */
export function parseSnapshotInfo(raw: unknown): SnapperSnapshotInfo {
  const [number, type, preNumber, date, uid, description, cleanup, userdata] = asTuple(
    raw,
    8,
    'snapshot',
  );
  const typeIndex = asInt(type, 'snapshot type');
  return {
    number: asInt(number, 'snapshot number'),
    type: SNAPSHOT_TYPES[typeIndex] ?? 'single',
    preNumber: asInt(preNumber, 'pre number'),
    date: asInt(date, 'snapshot date'),
    uid: asInt(uid, 'snapshot uid'),
    description: decodeSnapperString(asString(description, 'description')),
    cleanup: decodeSnapperString(asString(cleanup, 'cleanup')),
    userdata: parseStringMap(userdata, 'userdata'),
  };
}

/** `a(uquxussa{ss})` → oldest first (date, then number: 0.10.4 reuses freed numbers), without 0 "current". */
export function parseSnapshotList(raw: unknown): SnapperSnapshotInfo[] {
  return asArray(raw, 'snapshot list')
    .map(parseSnapshotInfo)
    .filter((s) => s.number !== 0)
    .sort((a, b) => a.date - b.date || a.number - b.number);
}

/** GetFiles `a(su)` → changes (paths unescaped to bytes, then decoded). */
export function parseFileList(raw: unknown): SnapperChange[] {
  return asArray(raw, 'file list').map((entry) => {
    const [path, status] = asTuple(entry, 2, 'file');
    return {
      path: decodeSnapperBytes(asString(path, 'file path')).toString('utf8'),
      status: asInt(status, 'file status'),
    };
  });
}

/** `(bu)` of GetDefaultSnapshot / GetActiveSnapshot → the number, or null when not valid. */
export function parseOptionalNumber(raw: unknown[]): number | null {
  const [valid, number] = raw;
  return valid === true ? asInt(number, 'snapshot number') : null;
}

/** Orders changes by path bytes (snapper's order is undefined). */
export function sortChanges(changes: SnapperChange[]): SnapperChange[] {
  return changes.sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
}

/**
 * One GetFilesByPipe line (without its newline): `<escaped path> <status>[ more fields]`.
 * The path cannot contain a raw space (the pipe rule escapes bytes <= 0x20), so the first space ends it.
 */
export function parsePipeLine(line: Uint8Array): SnapperChange | null {
  const space = line.indexOf(0x20);
  if (space <= 0) return null;
  const end = line.indexOf(0x20, space + 1);
  const statusText = Buffer.from(line.subarray(space + 1, end < 0 ? line.length : end)).toString(
    'latin1',
  );
  if (!/^\d+$/.test(statusText)) return null;
  const path = unescapeBytes(line.subarray(0, space), false).toString('utf8');
  return { path, status: Number(statusText) };
}
