import { describe, expect, it } from 'vitest';

import { fedoraEditions } from '../../../electron/backends/editions/fedora';
import { KdeLinuxEditions } from '../../../electron/backends/editions/kde-linux';
import { NoEditions } from '../../../electron/backends/editions/none';
import {
  parseImageInfo,
  parseRebaseHelper,
  universalBlueEditions,
} from '../../../electron/backends/editions/universal-blue';
import type { Deployment } from '../../../electron/backends/restore-points/rpm-ostree-deployments';
import type { OsReleaseInfo } from '../../../shared/schemas/status';

function deployment(index: number, source: string, extra: Partial<Deployment> = {}): Deployment {
  return {
    index,
    id: `default-${String(index).repeat(64)}.0`,
    osname: 'default',
    checksum: String(index).repeat(64),
    serial: 0,
    booted: false,
    staged: false,
    pinned: false,
    version: null,
    timestamp: 0,
    source,
    ...extra,
  };
}

const info = (name: string) =>
  parseImageInfo(JSON.stringify({ 'image-name': name, 'image-tag': 'stable' }))!;

describe('Universal Blue channels', () => {
  it('keeps the transport of the booted image when switching (unverified registry stays unverified)', () => {
    const found = universalBlueEditions(
      info('aurora-dx'),
      [
        deployment(0, 'ostree-unverified-registry:ghcr.io/ublue-os/aurora-dx:stable', {
          booted: true,
        }),
      ],
      null,
    );
    expect(found.available.map((e) => e.ref)).toEqual([
      'ostree-unverified-registry:ghcr.io/ublue-os/aurora-dx:stable',
      'ostree-unverified-registry:ghcr.io/ublue-os/aurora-dx:latest',
      'ostree-unverified-registry:ghcr.io/ublue-os/aurora-dx:testing',
    ]);
  });

  it('Bluefin publishes beta; Bazzite stable, testing, unstable and no dated tags', () => {
    const bluefin = universalBlueEditions(
      info('bluefin'),
      [
        deployment(0, 'ostree-image-signed:docker://ghcr.io/ublue-os/bluefin:stable', {
          booted: true,
        }),
      ],
      null,
    );
    expect(bluefin.available.map((e) => e.id)).toEqual(['stable', 'latest', 'beta']);
    const bazzite = universalBlueEditions(
      info('bazzite-deck'),
      [
        deployment(0, 'ostree-image-signed:docker://ghcr.io/ublue-os/bazzite-deck:stable', {
          booted: true,
          version: '43.20261128',
        }),
      ],
      null,
    );
    expect(bazzite.available.map((e) => [e.id, e.risk])).toEqual([
      ['stable', 'low'],
      ['testing', 'medium'],
      ['unstable', 'high'],
    ]);
  });

  it('the image’s own rebase_helper.json tags win; an unknown one says its cadence is not known', () => {
    const found = universalBlueEditions(
      info('aurora'),
      [
        deployment(0, 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora:stable', {
          booted: true,
        }),
      ],
      parseRebaseHelper(JSON.stringify({ 'available-tags': ['stable', 'gts', '../x'] })),
    );
    expect(found.available.map((e) => [e.id, e.cadence])).toEqual([
      ['stable', 'weekly'],
      ['gts', 'unknown'],
    ]);
  });

  it('a staged switch: in use stays stable, next start is latest; a dated current build is named as such', () => {
    const staged = universalBlueEditions(
      info('aurora'),
      [
        deployment(0, 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora:latest', {
          staged: true,
        }),
        deployment(1, 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora:stable', {
          booted: true,
        }),
      ],
      null,
    );
    expect([staged.current?.id, staged.nextStart?.id]).toEqual(['stable', 'latest']);
    const dated = universalBlueEditions(
      info('aurora'),
      [
        deployment(0, 'ostree-image-signed:docker://ghcr.io/ublue-os/aurora:stable-43.20261121', {
          booted: true,
          version: '43.20261121',
        }),
      ],
      null,
    );
    expect(dated.current).toMatchObject({
      id: 'stable-43.20261121',
      kind: 'dated',
      advanced: true,
    });
  });

  it('image-info.json that is not one gives nothing', () => {
    expect(parseImageInfo('{')).toBeNull();
    expect(parseImageInfo('{"image-tag":"stable"}')).toBeNull();
  });
});

describe('Fedora releases', () => {
  it('an OCI Fedora image moves to the next numbered tag of the same image', () => {
    const found = fedoraEditions([
      deployment(0, 'ostree-unverified-registry:quay.io/fedora/fedora-kinoite:43', {
        booted: true,
      }),
    ]);
    expect(found.available.map((e) => [e.id, e.major, e.ref])).toEqual([
      ['fedora-43', false, 'ostree-unverified-registry:quay.io/fedora/fedora-kinoite:43'],
      ['fedora-44', true, 'ostree-unverified-registry:quay.io/fedora/fedora-kinoite:44'],
    ]);
  });

  it('a ref it cannot read offers nothing (no invented choices)', () => {
    expect(
      fedoraEditions([deployment(0, 'custom:my/own/ref', { booted: true })]).available,
    ).toEqual([]);
  });
});

const os = (fields: Partial<OsReleaseInfo>): OsReleaseInfo => ({
  id: 'kde-linux',
  idLike: [],
  name: 'KDE Linux',
  prettyName: 'KDE Linux',
  versionId: null,
  variantId: null,
  imageId: 'kde-linux',
  imageVersion: '202611290305',
  fields: {},
  ...fields,
});

describe('KDE Linux and systems with one edition', () => {
  it('KDE Linux shows Testing in use and names the planned ones as not published yet', async () => {
    const facts = await new KdeLinuxEditions(os({})).read();
    expect(facts.current?.id).toBe('testing');
    expect(facts.available.map((e) => e.id)).toEqual(['testing']);
    expect(facts.notPublished).toEqual(['Enthusiast', 'Stable']);
    expect(facts.switching?.reason).toBe('editions-kde-one-published');
    const withVariant = await new KdeLinuxEditions(os({ variantId: 'testing' })).read();
    expect(withVariant.technical.VARIANT_ID).toBe('testing');
  });

  it('openSUSE says none are published and refuses to switch', async () => {
    const none = new NoEditions(os({ id: 'opensuse-kalpa', name: 'openSUSE Kalpa' }));
    expect(await none.read()).toMatchObject({
      system: 'openSUSE Kalpa',
      available: [],
      switching: { reason: 'editions-none-published' },
    });
    await expect(none.switchTo()).rejects.toMatchObject({ code: 'not-yet-available' });
  });
});
