#!/usr/bin/env node
// First step of `npm test`: stops at once, with one line, when a tool the tests need is absent,
// instead of eight suites failing with stack traces. Keep in step with build/setup.sh.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const isRoot = process.getuid?.() === 0;

function onPath(name) {
  return (process.env.PATH ?? '').split(':').some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function pythonHasDbusmock() {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import dbusmock'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const needs = [
  ['the npm packages (node_modules)', () => existsSync(join(root, 'node_modules', 'vitest'))],
  ['dbus-daemon (Debian: dbus)', () => onPath('dbus-daemon')],
  ['Chromium at /usr/bin/chromium (Debian: chromium)', () => existsSync('/usr/bin/chromium')],
  ['python-dbusmock for /usr/bin/python3 (Debian: python3-dbusmock)', pythonHasDbusmock],
  [
    'mkfifo and losetup (Debian: coreutils, util-linux)',
    () => onPath('mkfifo') && onPath('losetup'),
  ],
  ['desktop-file-validate (Debian: desktop-file-utils)', () => onPath('desktop-file-validate')],
  ['appstreamcli (Debian: appstream)', () => onPath('appstreamcli')],
];
// Real snapperd on a loop btrfs runs only as root (and is required under CI).
if (isRoot || process.env.CI) {
  needs.push(
    [
      'snapper and snapperd (Debian: snapper)',
      () => onPath('snapper') && existsSync('/usr/sbin/snapperd'),
    ],
    ['mkfs.btrfs (Debian: btrfs-progs)', () => onPath('mkfs.btrfs')],
  );
}

const missing = needs.filter(([, present]) => !present()).map(([what]) => what);
if (missing.length > 0) {
  process.stderr.write(
    `npm test cannot run: missing ${missing.join(', ')}. Run the setup command first: npm run setup\n`,
  );
  process.exit(1);
}
