import { describe, expect, it } from 'vitest';

import { seedState } from '../../../electron/simulators/sysupdate/state';
import {
  candidate,
  compareVersions,
  describeJson,
  newestInstalled,
  vacuumPlan,
  visible,
  type VersionRecord,
} from '../../../electron/simulators/sysupdate/versions';

const v = (version: string, extra: Partial<VersionRecord> = {}): VersionRecord => ({
  version,
  installed: false,
  available: true,
  pending: false,
  obsolete: false,
  protected: false,
  incomplete: false,
  changelogUrls: [],
  ...extra,
});

describe('compareVersions (strverscmp_improved for sysupdate versions)', () => {
  it('orders digit runs by value, not by text', () => {
    expect(compareVersions('202611290305', '202612060312')).toBe(-1);
    expect(compareVersions('9', '10')).toBe(-1);
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('257.1', '257.1')).toBe(0);
  });

  it('a prefix is older', () => {
    expect(compareVersions('1.2', '1.2.1')).toBe(-1);
    expect(compareVersions('1.2.1', '1.2')).toBe(1);
  });
});

describe('version sets', () => {
  const list = [
    v('3', { installed: true, protected: true }),
    v('1', { installed: true }),
    v('4'),
    v('2', { installed: true }),
    v('0', { obsolete: true }),
  ];

  it('offline sees only what is installed, online everything; newest first', () => {
    expect(visible(list, true).map((r) => r.version)).toEqual(['3', '2', '1']);
    expect(visible(list, false).map((r) => r.version)).toEqual(['4', '3', '2', '1', '0']);
  });

  it('GetVersion is the newest installed; CheckNew the newest newer available', () => {
    expect(newestInstalled(list)?.version).toBe('3');
    expect(candidate(list)?.version).toBe('4');
    expect(candidate([v('3', { installed: true }), v('2')])).toBeNull();
    expect(candidate([v('5', { obsolete: true }), v('3', { installed: true })])).toBeNull();
  });

  it('Vacuum removes the oldest unprotected installed versions beyond InstancesMax, never the newest', () => {
    expect(vacuumPlan(list, 4)).toEqual([]);
    expect(vacuumPlan(list, 2)).toEqual(['1']);
    expect(vacuumPlan(list, 1)).toEqual(['1', '2']);
    expect(vacuumPlan([v('9', { installed: true })], 1)).toEqual([]);
  });
});

describe('describeJson', () => {
  const list = seedState().versions;

  it('has the keys of systemd-sysupdate list VERSION --json, in its order', () => {
    const json = describeJson(list, '202611290305', true, 'B');
    expect(json).not.toBeNull();
    expect(Object.keys(JSON.parse(json ?? '{}') as object)).toEqual([
      'version',
      'newest',
      'available',
      'installed',
      'obsolete',
      'protected',
      'incomplete',
      'changelogUrls',
    ]);
    expect(json).not.toContain(' ');
  });

  it('generation C adds partial and pending after installed', () => {
    const json = describeJson(list, '202612060312', false, 'C') ?? '{}';
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'version',
      'newest',
      'available',
      'installed',
      'partial',
      'pending',
      'obsolete',
      'protected',
      'incomplete',
      'changelogUrls',
    ]);
  });

  it('offline knows nothing about versions that are only on the server', () => {
    expect(describeJson(list, '202612060312', true, 'B')).toBeNull();
    expect(describeJson(list, 'nope', false, 'B')).toBeNull();
  });

  it('marks newest for the newest installed and the newest available version', () => {
    const parse = (version: string): { newest: boolean } =>
      JSON.parse(describeJson(list, version, false, 'B') ?? '{}') as { newest: boolean };
    expect(parse('202611290305').newest).toBe(true);
    expect(parse('202612060312').newest).toBe(true);
    expect(parse('202611220317').newest).toBe(false);
  });
});

describe('seed', () => {
  it('is a KDE Linux host: three installed, the booted one protected, one newer offered', () => {
    const state = seedState();
    expect(state.versions.filter((r) => r.installed).map((r) => r.version)).toEqual([
      '202611150241',
      '202611220317',
      '202611290305',
    ]);
    expect(state.versions.find((r) => r.protected)?.version).toBe('202611290305');
    expect(candidate(state.versions)?.version).toBe('202612060312');
    expect(state.versions.every((r) => r.changelogUrls.length === 1)).toBe(true);
    expect(state.appstreamUrls).toHaveLength(1);
  });
});
