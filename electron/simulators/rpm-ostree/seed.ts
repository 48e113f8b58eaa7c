import { createHash } from 'node:crypto';

import type { CommitState, DeploymentState, RpmOstreeState } from './state';

export interface SeedOptions {
  /** `kinoite`: Fedora Kinoite 43 on an ostree remote; `aurora` / `bazzite`: Universal Blue images from a container registry. */
  flavor?: SeedFlavor;
  /** Add a staged (pending) deployment of the newest build. */
  pending?: boolean;
  idleExitTimeout?: number;
}

export type SeedFlavor = 'kinoite' | 'aurora' | 'bazzite';

type Pkg = [name: string, evr: string, arch: string];

/** Package versions per Fedora release and build: [name, arch, evr per build] (builds in the order of BUILDS). */
const PACKAGES: [string, string, string[]][] = [
  [
    'kernel',
    'x86_64',
    [
      '6.16.12-200.fc42',
      '6.17.6-300.fc43',
      '6.17.7-300.fc43',
      '6.17.7-300.fc43',
      '6.17.8-300.fc43',
      '6.17.10-300.fc43',
    ],
  ],
  [
    'kernel-core',
    'x86_64',
    [
      '6.16.12-200.fc42',
      '6.17.6-300.fc43',
      '6.17.7-300.fc43',
      '6.17.7-300.fc43',
      '6.17.8-300.fc43',
      '6.17.10-300.fc43',
    ],
  ],
  [
    'kernel-modules',
    'x86_64',
    [
      '6.16.12-200.fc42',
      '6.17.6-300.fc43',
      '6.17.7-300.fc43',
      '6.17.7-300.fc43',
      '6.17.8-300.fc43',
      '6.17.10-300.fc43',
    ],
  ],
  [
    'glibc',
    'x86_64',
    ['2.41-11.fc42', '2.42-4.fc43', '2.42-4.fc43', '2.42-5.fc43', '2.42-5.fc43', '2.42-5.fc43'],
  ],
  [
    'systemd',
    'x86_64',
    [
      '257.9-2.fc42',
      '258.2-1.fc43',
      '258.2-1.fc43',
      '258.3-1.fc43',
      '258.3-1.fc43',
      '258.3-2.fc43',
    ],
  ],
  [
    'NetworkManager',
    'x86_64',
    [
      '1:1.52.1-1.fc42',
      '1:1.54.2-1.fc43',
      '1:1.54.2-1.fc43',
      '1:1.54.2-1.fc43',
      '1:1.54.3-1.fc43',
      '1:1.54.3-1.fc43',
    ],
  ],
  [
    'pipewire',
    'x86_64',
    [
      '1.4.8-1.fc42',
      '1.4.9-1.fc43',
      '1.4.9-1.fc43',
      '1.4.10-1.fc43',
      '1.4.10-1.fc43',
      '1.4.10-1.fc43',
    ],
  ],
  [
    'mesa-dri-drivers',
    'x86_64',
    [
      '25.1.9-1.fc42',
      '25.2.6-1.fc43',
      '25.2.6-1.fc43',
      '25.2.7-1.fc43',
      '25.2.7-1.fc43',
      '25.2.8-1.fc43',
    ],
  ],
  [
    'plasma-workspace',
    'x86_64',
    [
      '6.4.5-1.fc42',
      '6.5.2-1.fc43',
      '6.5.2-1.fc43',
      '6.5.3-1.fc43',
      '6.5.3-2.fc43',
      '6.5.4-1.fc43',
    ],
  ],
  [
    'kwin',
    'x86_64',
    [
      '6.4.5-1.fc42',
      '6.5.2-1.fc43',
      '6.5.2-1.fc43',
      '6.5.3-1.fc43',
      '6.5.3-1.fc43',
      '6.5.4-1.fc43',
    ],
  ],
  [
    'kf6-kio',
    'x86_64',
    [
      '6.18.0-1.fc42',
      '6.19.0-1.fc43',
      '6.19.0-1.fc43',
      '6.20.0-1.fc43',
      '6.20.0-1.fc43',
      '6.20.0-1.fc43',
    ],
  ],
  [
    'dolphin',
    'x86_64',
    [
      '25.08.2-1.fc42',
      '25.08.3-1.fc43',
      '25.08.3-1.fc43',
      '25.08.3-1.fc43',
      '25.08.3-1.fc43',
      '25.12.0-1.fc43',
    ],
  ],
  [
    'konsole',
    'x86_64',
    [
      '25.08.2-1.fc42',
      '25.08.3-1.fc43',
      '25.08.3-1.fc43',
      '25.08.3-1.fc43',
      '25.08.3-1.fc43',
      '25.12.0-1.fc43',
    ],
  ],
  [
    'sddm',
    'x86_64',
    [
      '0.21.0-12.fc42',
      '0.21.0-14.fc43',
      '0.21.0-14.fc43',
      '0.21.0-14.fc43',
      '0.21.0-14.fc43',
      '0.21.0-14.fc43',
    ],
  ],
  [
    'flatpak',
    'x86_64',
    [
      '1.16.1-1.fc42',
      '1.16.1-2.fc43',
      '1.16.1-2.fc43',
      '1.16.1-2.fc43',
      '1.16.2-1.fc43',
      '1.16.2-1.fc43',
    ],
  ],
  [
    'ostree',
    'x86_64',
    [
      '2025.6-1.fc42',
      '2025.7-1.fc43',
      '2025.7-1.fc43',
      '2025.7-1.fc43',
      '2025.7-1.fc43',
      '2025.7-2.fc43',
    ],
  ],
  [
    'rpm-ostree',
    'x86_64',
    [
      '2025.11-1.fc42',
      '2025.12-1.fc43',
      '2025.12-1.fc43',
      '2025.12-1.fc43',
      '2026.1-1.fc43',
      '2026.1-1.fc43',
    ],
  ],
  [
    'firewalld',
    'noarch',
    [
      '2.3.1-1.fc42',
      '2.3.1-1.fc43',
      '2.3.1-1.fc43',
      '2.3.1-1.fc43',
      '2.3.1-1.fc43',
      '2.3.2-1.fc43',
    ],
  ],
];
/** Packages only some builds have: [name, arch, evr, first build index, last build index]. */
const PARTIAL: [string, string, string, number, number][] = [
  ['plasma-welcome', 'x86_64', '6.4.5-1.fc42', 0, 0],
  ['plasma-setup', 'x86_64', '6.5.2-1.fc43', 1, 5],
  ['plasma-keyboard', 'x86_64', '6.5.3-1.fc43', 4, 5],
  ['kde-inotify-survey', 'x86_64', '25.08.3-1.fc43', 1, 3],
];
/** [date (UTC, yyyy-mm-dd), Fedora release]; the build index is the position. */
const BUILDS: [string, number][] = [
  ['2026-10-15', 42],
  ['2026-11-07', 43],
  ['2026-11-14', 43],
  ['2026-11-21', 43],
  ['2026-11-28', 43],
  ['2026-12-05', 43],
];

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function packagesFor(build: number, flavor: SeedFlavor): Pkg[] {
  const release = BUILDS[build]?.[1] ?? 43;
  const list: Pkg[] = PACKAGES.map(([name, arch, evrs]) => [name, evrs[build] ?? '0', arch]);
  for (const [name, arch, evr, from, to] of PARTIAL)
    if (build >= from && build <= to) list.push([name, evr, arch]);
  if (flavor === 'kinoite')
    list.push([`fedora-release-kinoite`, release === 42 ? '42-30' : '43-26', 'noarch']);
  else
    list.push(
      [`${flavor}-logos`, `${release}.${build + 1}-1.fc${release}`, 'noarch'],
      ['ublue-brew', '0.1.7-1.fc43', 'noarch'],
    );
  return list.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * A believable Fedora Kinoite 43 (or Aurora) system for the simulator and the demo: a booted build,
 * the previous one as rollback, an older Fedora 42 build kept (pinned), newer builds in the
 * repository (one optionally staged as pending), each with its own package set so diffs are real.
 */
export function seedRpmOstreeState(options: SeedOptions = {}): RpmOstreeState {
  const flavor = options.flavor ?? 'kinoite';
  const osname = flavor === 'kinoite' ? 'fedora' : 'default';
  const repository: CommitState[] = BUILDS.map(([date, release], build) => {
    const [y, m, d] = date.split('-').map(Number);
    const stamp = date.replaceAll('-', '');
    const version = flavor === 'kinoite' ? `${release}.${stamp}.0` : `${release}.${stamp}`;
    const refspec =
      flavor === 'kinoite'
        ? `fedora:fedora/${release}/x86_64/kinoite`
        : `ostree-image-signed:docker://ghcr.io/ublue-os/${flavor}:stable`;
    return {
      checksum: sha256(`${flavor} ${version}`),
      version,
      timestamp: Date.UTC(y ?? 2026, (m ?? 1) - 1, d ?? 1, 4, 17, 9) / 1000,
      refspec,
      ...(flavor === 'kinoite'
        ? {}
        : { imageDigest: `sha256:${sha256(`${flavor} image ${version}`)}` }),
      packages: packagesFor(build, flavor),
    };
  });
  const deployment = (build: number, extra: Partial<DeploymentState>): DeploymentState => {
    const commit = repository[build];
    if (!commit) throw new Error(`no build ${build}`);
    return {
      osname,
      checksum: commit.checksum,
      serial: 0,
      booted: false,
      staged: false,
      pinned: false,
      refspec: commit.refspec,
      ...extra,
    };
  };
  const deployments = [
    deployment(4, { booted: true }),
    deployment(3, {}),
    deployment(0, { pinned: true }),
  ];
  if (options.pending) deployments.unshift(deployment(5, { staged: true }));
  return {
    config: {
      idleExitTimeout: options.idleExitTimeout ?? 60,
      // Fedora ships AutomaticUpdatePolicy=none; Universal Blue stages updates in the background.
      automaticUpdatePolicy: flavor === 'kinoite' ? 'none' : 'stage',
      stepMs: 50,
    },
    sysrootPath: '/',
    repository,
    deployments,
    faults: { denyActions: [], neverFinish: false, dieMidTransaction: false },
  };
}
