import { describe, expect, it } from 'vitest';

import {
  groupByPoint,
  planGoBack,
  type Deployment,
} from '../../../electron/backends/restore-points/rpm-ostree-deployments';

const AURORA = 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora';
const F42 = 'fedora:fedora/42/x86_64/kinoite';
const F43 = 'fedora:fedora/43/x86_64/kinoite';

function deployment(
  index: number,
  n: number,
  source: string,
  extra: Partial<Deployment> = {},
): Deployment {
  const checksum = String(n).repeat(64).slice(0, 64);
  return {
    index,
    id: `fedora-${checksum}.0`,
    osname: 'fedora',
    checksum,
    serial: 0,
    booted: false,
    staged: false,
    pinned: false,
    version: `v${n}`,
    timestamp: n,
    source,
    ...extra,
  };
}

function planFor(deployments: Deployment[], n: number) {
  const point = groupByPoint(deployments).find((p) => p.first.checksum.startsWith(String(n)));
  if (!point) throw new Error(`no point ${n}`);
  return planGoBack(deployments, point);
}

describe('how rpm-ostree goes back to a restore point', () => {
  it('another ostree branch is a rebase to that ref at exactly that commit', () => {
    const list = [
      deployment(0, 4, F43, { booted: true }),
      deployment(1, 3, F43),
      deployment(2, 1, F42, { pinned: true }),
    ];
    expect(planFor(list, 1)).toEqual({
      kind: 'rebase',
      from: F43,
      refspec: F42,
      checksum: '1'.repeat(64),
    });
    expect(planFor(list, 3)).toEqual({ kind: 'rollback' });
  });

  it('undoing it compares with the staged 42 deployment (what Deploy and Rebase start from): a rebase back to 43', () => {
    const list = [
      deployment(0, 1, F42, { staged: true }),
      deployment(1, 4, F43, { booted: true }),
      deployment(2, 3, F43),
      deployment(3, 1, F42, { pinned: true }),
    ];
    expect(planFor(list, 4)).toMatchObject({ kind: 'rebase', from: F42, refspec: F43 });
    expect(planFor(list, 3)).toMatchObject({ kind: 'rebase', refspec: F43 });
  });

  it('another container image is reached by Rollback only: rpm-ostree takes no commit for an image', () => {
    const list = [
      deployment(0, 4, `${AURORA}:latest`, { booted: true }),
      deployment(1, 3, `${AURORA}:stable`),
      deployment(2, 2, `${AURORA}:stable`),
    ];
    expect(planFor(list, 3)).toEqual({ kind: 'rollback' });
    expect(planFor(list, 2)).toEqual({
      kind: 'other-image',
      from: `${AURORA}:latest`,
      target: `${AURORA}:stable`,
    });
  });
});
