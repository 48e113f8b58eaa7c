import { describe, expect, it } from 'vitest';

import {
  createTransaction,
  deleteSnapshot,
  finalizeTransaction,
  formatUserdata,
  listSnapshots,
  openTransaction,
  resolveBase,
  rollbackTo,
  snapperDate,
  TukitFailure,
} from '../../../electron/simulators/tukit/snapshots';
import { seedState } from '../../../electron/simulators/tukit/state';

describe('snapper list columns', () => {
  it('formats dates like snapper --utc --iso and userdata like snapper', () => {
    expect(snapperDate('2026-11-24T03:10:36.123Z')).toBe('2026-11-24 03:10:36');
    expect(formatUserdata({ important: 'yes', foo: 'bar' })).toBe('important=yes, foo=bar');
    expect(formatUserdata({})).toBe('');
  });

  it('gives only the asked columns, snapshot 0 first, every value a string', () => {
    const rows = listSnapshots(seedState(), 'number,active,default');
    expect(rows[0]).toEqual({ number: '0', active: 'no', default: 'no' });
    expect(rows.find((r) => r.number === '42')).toEqual({
      number: '42',
      active: 'yes',
      default: 'no',
    });
    expect(rows.find((r) => r.number === '43')).toEqual({
      number: '43',
      active: 'no',
      default: 'yes',
    });
    expect(rows.flatMap((r) => Object.values(r)).every((x) => typeof x === 'string')).toBe(true);
  });

  it('shows the pre/post pair and its type', () => {
    const rows = listSnapshots(seedState(), 'number,type,description');
    expect(rows.find((r) => r.number === '36')).toEqual({
      number: '36',
      type: 'pre',
      description: 'zypp(zypper)',
    });
    expect(rows.find((r) => r.number === '37')).toEqual({
      number: '37',
      type: 'post',
      description: '',
    });
  });

  it('refuses what libtukit or snapper refuse', () => {
    expect(() => listSnapshots(seedState(), 'number,used-space')).toThrow(
      'Column list contains invalid characters.',
    );
    expect(() => listSnapshots(seedState(), 'number,bogus')).toThrow(TukitFailure);
  });
});

describe('RollbackTo and Delete', () => {
  it('rollback changes the default only and clears the target’s cleanup', () => {
    const state = seedState();
    rollbackTo(state, '39');
    expect(state.default).toBe(39);
    expect(state.active).toBe(42);
    expect(state.snapshots.find((s) => s.number === 39)?.cleanup).toBe('');
  });

  it('rollback to an unknown or non-numeric id fails with snapper’s command line', () => {
    expect(() => rollbackTo(seedState(), '0')).toThrow(
      '`snapper rollback 0` returned with error code 1.',
    );
    expect(() => rollbackTo(seedState(), 'x')).toThrow(
      '`snapper rollback x` returned with error code 1.',
    );
  });

  it('delete refuses the active and the default snapshot', () => {
    const state = seedState();
    expect(() => deleteSnapshot(state, '42')).toThrow(TukitFailure);
    expect(() => deleteSnapshot(state, '43')).toThrow(TukitFailure);
    deleteSnapshot(state, '44');
    expect(state.snapshots.map((s) => s.number)).not.toContain(44);
  });
});

describe('transactions', () => {
  it('resolves active, default and numbers as base', () => {
    const state = seedState();
    expect(resolveBase(state, '')).toBe(42);
    expect(resolveBase(state, 'active')).toBe(42);
    expect(resolveBase(state, 'default')).toBe(43);
    expect(resolveBase(state, '41')).toBe(41);
    expect(() => resolveBase(state, '5')).toThrow("Base snapshot '5' does not exist.");
  });

  it('opens in progress and closes into the default', () => {
    const state = seedState();
    const snapshot = createTransaction(
      state,
      'Snapshot Update of #42',
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(snapshot.number).toBe(45);
    expect(openTransaction(state, '45')).toBe(snapshot);
    finalizeTransaction(state, snapshot);
    expect(state.default).toBe(45);
    expect(snapshot.userdata).toEqual({});
    expect(() => openTransaction(state, '45')).toThrow('Snapshot 45 is not an open transaction.');
  });
});
