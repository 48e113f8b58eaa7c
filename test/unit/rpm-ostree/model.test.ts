import { describe, expect, it } from 'vitest';

import {
  deploy,
  deploymentId,
  DIFF_ADDED,
  DIFF_REMOVED,
  DIFF_UPGRADED,
  osObjectPath,
  packageDiff,
  queryDeploymentsFor,
  rollback,
  TxnError,
} from '../../../electron/simulators/rpm-ostree/model';
import { evrCompare, rpmvercmp } from '../../../electron/simulators/rpm-ostree/rpmvercmp';
import { seedRpmOstreeState } from '../../../electron/simulators/rpm-ostree/seed';
import { checkState, RpmOstreeStateSchema } from '../../../electron/simulators/rpm-ostree/state';

const versions = (
  state: ReturnType<typeof seedRpmOstreeState>,
  list = state.deployments,
): string[] =>
  list.map((d) => state.repository.find((c) => c.checksum === d.checksum)?.version ?? '?');

describe('seed', () => {
  it('is a valid state: booted, rollback, a pinned Fedora 42 build; pending on request', () => {
    const state = seedRpmOstreeState();
    expect(() =>
      checkState(RpmOstreeStateSchema.parse(JSON.parse(JSON.stringify(state)))),
    ).not.toThrow();
    expect(versions(state)).toEqual(['43.20261128.0', '43.20261121.0', '42.20261015.0']);
    expect(state.deployments.map((d) => [d.booted, d.pinned, d.staged])).toEqual([
      [true, false, false],
      [false, false, false],
      [false, true, false],
    ]);
    const pending = seedRpmOstreeState({ pending: true });
    expect(versions(pending)[0]).toBe('43.20261205.0');
    expect(pending.deployments[0]?.staged).toBe(true);
  });

  it('has an Aurora flavour on a container image in the "default" stateroot', () => {
    const state = seedRpmOstreeState({ flavor: 'aurora' });
    expect(state.deployments[0]).toMatchObject({
      osname: 'default',
      refspec: 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora:stable',
    });
  });
});

describe('deployment operations (as rpm-ostreed does them)', () => {
  it('rollback moves the rollback deployment first (default ≠ booted)', () => {
    const state = seedRpmOstreeState();
    const once = { ...state, deployments: rollback(state, 'fedora').deployments };
    expect(versions(once)).toEqual(['43.20261121.0', '43.20261128.0', '42.20261015.0']);
    expect(queryDeploymentsFor(once, 'fedora').pending?.checksum).toBe(
      state.deployments[1]?.checksum,
    );
    // Upstream quirk: with a third deployment after the booted one, a second rollback moves
    // *that* one first; only without one does it put the booted deployment back.
    const twice = { ...once, deployments: rollback(once, 'fedora').deployments };
    expect(versions(twice)).toEqual(['42.20261015.0', '43.20261121.0', '43.20261128.0']);
    const two = { ...state, deployments: state.deployments.slice(0, 2) };
    const back = { ...two, deployments: rollback(two, 'fedora').deployments };
    expect(versions({ ...back, deployments: rollback(back, 'fedora').deployments })).toEqual([
      '43.20261128.0',
      '43.20261121.0',
    ]);
  });

  it('refuses to roll back over a staged deployment, with upstream’s words', () => {
    const state = seedRpmOstreeState({ pending: true });
    expect(() => rollback(state, 'fedora')).toThrow(
      new TxnError('Staged deployment (remove with cleanup -p)'),
    );
  });

  it('deploys an older version of the current ref as a new staged deployment', () => {
    const state = seedRpmOstreeState();
    const { deployments } = deploy(state, 'fedora', '43.20261114.0');
    expect(versions(state, deployments)).toEqual([
      '43.20261114.0',
      '43.20261128.0',
      '43.20261121.0',
      '42.20261015.0',
    ]);
    expect(deployments[0]?.staged).toBe(true);
  });

  it('gives a new serial when the same commit is deployed again', () => {
    const state = seedRpmOstreeState();
    const { deployments } = deploy(state, 'fedora', '43.20261121.0');
    expect(deployments[0]?.serial).toBe(1);
    expect(deploymentId(deployments[0]!)).toMatch(/^fedora-[0-9a-f]{64}\.1$/);
  });

  it('fails for a version the ref’s history does not have (the pinned 42 build is on another ref)', () => {
    const state = seedRpmOstreeState();
    expect(() => deploy(state, 'fedora', '42.20261015.0')).toThrow(
      'Version 42.20261015.0 not found in fedora:fedora/43/x86_64/kinoite',
    );
    expect(() => deploy(state, 'fedora', '41.1')).toThrow(TxnError);
  });

  it('diffs packages like rpm_ostree_db_diff_variant: sorted by type, then name', () => {
    const state = seedRpmOstreeState();
    const [f42, , , , booted] = state.repository;
    const diff = packageDiff(f42!, booted!);
    expect(diff.map(([name, type]) => [name, type]).slice(0, 4)).toEqual([
      ['plasma-keyboard', DIFF_ADDED],
      ['plasma-setup', DIFF_ADDED],
      ['plasma-welcome', DIFF_REMOVED],
      ['NetworkManager', DIFF_UPGRADED], // strcmp order: capitals first
    ]);
    const kernel = diff.find(([name]) => name === 'kernel');
    expect(kernel?.[1]).toBe(DIFF_UPGRADED);
    expect(kernel?.[2].PreviousPackage?.value).toEqual(['kernel', '6.16.12-200.fc42', 'x86_64']);
    expect(kernel?.[2].NewPackage?.value).toEqual(['kernel', '6.17.8-300.fc43', 'x86_64']);
  });

  it('escapes stateroot names in object paths', () => {
    expect(osObjectPath('fedora')).toBe('/org/projectatomic/rpmostree1/fedora');
    expect(osObjectPath('fedora-coreos')).toBe('/org/projectatomic/rpmostree1/fedora_coreos');
    expect(osObjectPath('a.b')).toBe('/org/projectatomic/rpmostree1/a_2eb');
  });
});

describe('rpmvercmp', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.10', '1.9', 1],
    ['6.17.10', '6.17.8', 1],
    ['1.0~rc1', '1.0', -1],
    ['1.0^git1', '1.0', 1],
    ['1.0a', '1.0', 1],
    ['2.42-5.fc43', '2.42-4.fc43', 1],
  ])('%s vs %s', (a, b, want) => {
    expect(Math.sign(rpmvercmp(a, b))).toBe(want);
  });

  it('compares epochs first', () => {
    expect(evrCompare('1:1.0-1', '2.0-1')).toBe(1);
    expect(evrCompare('6.5.3-2.fc43', '6.5.3-1.fc43')).toBe(1);
  });
});
