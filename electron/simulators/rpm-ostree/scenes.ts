import { createHash } from 'node:crypto';

import { seedRpmOstreeState, type SeedOptions } from './seed';
import type { CommitState, RpmOstreeState } from './state';

/** The machines the rpm-ostree simulator can be: Universal Blue images, or Fedora on an ostree remote. */
export const RPM_OSTREE_SCENES = ['aurora', 'bazzite', 'kinoite'] as const;
export type RpmOstreeScene = (typeof RPM_OSTREE_SCENES)[number];

export function isRpmOstreeScene(value: string): value is RpmOstreeScene {
  return (RPM_OSTREE_SCENES as readonly string[]).includes(value);
}

/** Channels each image publishes besides `stable` (reference §8.2). */
const OTHER_CHANNELS: Record<RpmOstreeScene, string[]> = {
  aurora: ['latest', 'testing'],
  bazzite: ['testing', 'unstable'],
  kinoite: [],
};

const MiB = 1024 * 1024;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The newest stable build's packages moved to another Fedora release / newer builds, so diffs are real. */
function transform(base: CommitState, release: number, extra: [string, string, string][]) {
  const moved = base.packages
    .filter(([name]) => name !== 'sddm' || release < 44)
    .map(([name, evr, arch]): [string, string, string] => {
      const replaced = extra.find(([n]) => n === name);
      if (replaced) return replaced;
      return [name, evr.replace(/fc43$/, `fc${release}`), arch];
    });
  const added = extra.filter(([n]) => !moved.some(([m]) => m === n));
  return [...moved, ...added].sort((a, b) => a[0].localeCompare(b[0]));
}

/** One newer commit of another channel (or release), built from the newest stable build. */
function channelCommit(
  state: RpmOstreeState,
  refspec: string,
  release: number,
  date: string,
  flavorTag: string,
): CommitState {
  const base = [...state.repository].sort((a, b) => b.timestamp - a.timestamp)[0];
  if (!base) throw new Error('the seed has no commits');
  const newRelease = release >= 44;
  const extra: [string, string, string][] = newRelease
    ? [
        ['kernel', `6.18.3-200.fc${release}`, 'x86_64'],
        ['kernel-core', `6.18.3-200.fc${release}`, 'x86_64'],
        ['kernel-modules', `6.18.3-200.fc${release}`, 'x86_64'],
        ['plasma-workspace', `6.6.0-1.fc${release}`, 'x86_64'],
        ['kwin', `6.6.0-1.fc${release}`, 'x86_64'],
        ['plasma-login-manager', `6.6.0-1.fc${release}`, 'x86_64'],
      ]
    : [
        ['kernel', '6.18.2-300.fc43', 'x86_64'],
        ['kernel-core', '6.18.2-300.fc43', 'x86_64'],
        ['kernel-modules', '6.18.2-300.fc43', 'x86_64'],
        ['plasma-workspace', '6.5.90-1.fc43', 'x86_64'],
        ['mesa-dri-drivers', '25.3.1-1.fc43', 'x86_64'],
      ];
  const [y, m, d] = date.split('-').map(Number);
  const stamp = date.replaceAll('-', '');
  const container = refspec.startsWith('ostree-');
  const version = container ? `${release}.${stamp}` : `${release}.${stamp}.0`;
  return {
    checksum: sha256(`${refspec} ${version}`),
    version,
    timestamp: Date.UTC(y ?? 2026, (m ?? 1) - 1, d ?? 1, 5, 2, 41) / 1000,
    refspec,
    ...(container ? { imageDigest: `sha256:${sha256(`${flavorTag} image ${version}`)}` } : {}),
    downloadBytes: (newRelease ? 1480 : 610) * MiB,
    packages: transform(base, release, extra),
  };
}

/**
 * The simulator's machine for a scene: the seeded system (booted on `stable`, or Fedora 43) plus
 * what the registry / remote publishes beyond it, so a rebase to another channel or to the next
 * Fedora release finds a real commit with its own packages.
 */
export function seedScene(scene: RpmOstreeScene, options: SeedOptions = {}): RpmOstreeState {
  const state = seedRpmOstreeState({ ...options, flavor: scene });
  // A full image pull on the stable channel is this big; a commit already on disk pulls nothing.
  const repository = state.repository.map((c) => ({ ...c, downloadBytes: 1350 * MiB }));
  const seeded = { ...state, repository };
  const extra =
    scene === 'kinoite'
      ? [channelCommit(seeded, 'fedora:fedora/44/x86_64/kinoite', 44, '2026-12-01', scene)]
      : OTHER_CHANNELS[scene].map((tag, i) =>
          channelCommit(
            seeded,
            `ostree-image-signed:docker://ghcr.io/ublue-os/${scene}:${tag}`,
            tag === 'latest' ? 44 : 43,
            `2026-12-0${String(1 + i)}`,
            scene,
          ),
        );
  return { ...seeded, repository: [...repository, ...extra] };
}

/** /usr/share/ublue-os/image-info.json as the image's build script writes it (reference §8.2); null for Fedora. */
export function imageInfoOf(scene: RpmOstreeScene): Record<string, string> | null {
  if (scene === 'kinoite') return null;
  return {
    'image-name': scene,
    'image-flavor': 'main',
    'image-vendor': 'ublue-os',
    'image-ref': `ostree-image-signed:docker://ghcr.io/ublue-os/${scene}`,
    'image-tag': 'stable',
    'base-image-name': 'kinoite',
    'fedora-version': '43',
  };
}
