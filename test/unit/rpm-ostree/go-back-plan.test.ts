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
    expect(planFor(list, 2)).toMatchObject({ kind: 'blocked', reason: 'rollback-other-edition' });
  });

  describe('on one container image, Rollback is the only way (Deploy with a revision is refused)', () => {
    const stable = `${AURORA}:stable`;

    it('the rollback deployment is a Rollback; an older one is for the boot menu', () => {
      const list = [
        deployment(0, 4, stable, { booted: true }),
        deployment(1, 3, stable),
        deployment(2, 1, stable, { pinned: true }),
      ];
      expect(planFor(list, 3)).toEqual({ kind: 'rollback' });
      const older = planFor(list, 1);
      expect(older).toMatchObject({ kind: 'blocked', reason: 'rollback-image-one-step' });
      expect(older.kind === 'blocked' && older.detail).toContain('boot menu');
    });

    it('after that Rollback, undo to the running one waits for the restart (a second Rollback would bring the pinned third forward)', () => {
      const list = [
        deployment(0, 3, stable),
        deployment(1, 4, stable, { booted: true }),
        deployment(2, 1, stable, { pinned: true }),
      ];
      expect(planFor(list, 4)).toMatchObject({
        kind: 'blocked',
        reason: 'rollback-image-after-restart',
      });
      // Booted into 3 after the restart: 4 is the rollback deployment, so Rollback undoes it.
      const restarted = [
        deployment(0, 3, stable, { booted: true }),
        deployment(1, 4, stable),
        deployment(2, 1, stable, { pinned: true }),
      ];
      expect(planFor(restarted, 4)).toEqual({ kind: 'rollback' });
    });

    it('with two deployments, undo is Rollback again (the booted one back on top)', () => {
      const list = [deployment(0, 3, stable), deployment(1, 4, stable, { booted: true })];
      expect(planFor(list, 4)).toEqual({ kind: 'rollback' });
    });

    it('a staged update blocks Rollback: the running one after the restart, an older one in the boot menu', () => {
      const list = [
        deployment(0, 5, stable, { staged: true }),
        deployment(1, 4, stable, { booted: true }),
        deployment(2, 3, stable),
      ];
      expect(planFor(list, 4)).toMatchObject({ reason: 'rollback-image-after-restart' });
      const older = planFor(list, 3);
      expect(older).toMatchObject({ kind: 'blocked', reason: 'rollback-image-one-step' });
      expect(older.kind === 'blocked' && older.detail).toContain('staged deployment');
    });

    it('Fedora on ostree refs deploys the same cases instead', () => {
      const list = [
        deployment(0, 3, F43),
        deployment(1, 4, F43, { booted: true }),
        deployment(2, 1, F43, { pinned: true }),
      ];
      expect(planFor(list, 4)).toEqual({ kind: 'deploy', version: 'v4' });
      // The pinned third one is what Rollback moves here.
      expect(planFor(list, 1)).toEqual({ kind: 'rollback' });
    });
  });
});
