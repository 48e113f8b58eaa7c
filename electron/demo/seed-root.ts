import {
  DAY,
  HOUR,
  treeOf,
  type History,
  type PlannedSnapshot,
  type SeedTimeline,
  type Version,
} from './seed-timeline';

/** A small fake system root whose restore points look like openSUSE's transactional updates. */
export function rootTimeline(now: Date, updates = 7): SeedTimeline {
  const seconds = Math.floor(now.getTime() / 1000);
  const snapshots: PlannedSnapshot[] = [];
  const versions: Version[] = [];
  for (let i = 0; i < updates; i++) {
    const ago = (updates - i) * 4 * DAY - 7 * HOUR;
    const number = 41 + i;
    const kernel = i % 3 === 0;
    snapshots.push({
      date: seconds - ago,
      description: `Snapshot Update of #${number - 1}`,
      cleanup: 'number',
      userdata: kernel ? { important: 'yes' } : {},
    });
    versions.push({
      ago: ago + 60,
      data: `NAME="openSUSE Aeon"\nID="opensuse-aeon"\nVERSION_ID="2026${String(1101 + i * 4).padStart(4, '0')}"\nPRETTY_NAME="openSUSE Aeon"\n`,
    });
  }
  const histories: History[] = [
    { path: 'usr/lib/os-release', versions },
    { path: 'etc/hostname', versions: [{ ago: 60 * DAY, data: 'aeon-laptop\n' }] },
    {
      path: 'etc/os-release',
      versions: [{ ago: 60 * DAY, data: '' }],
      symlink: '../usr/lib/os-release',
    },
    {
      path: 'usr/share/kairn-demo/packages.txt',
      versions: versions.map((v, i) => ({
        ago: v.ago,
        data: `kernel-default 6.${17 + Math.floor(i / 3)}.${i}\nflatpak 1.16.${i}\n`,
      })),
    },
  ];
  return { snapshots, treeAt: (at) => treeOf(histories, seconds, at) };
}
