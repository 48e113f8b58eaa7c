import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

const FILE = resolve(
  import.meta.dirname,
  '../../assets/kio/servicemenus/kairn-earlier-versions.desktop',
);

/** A desktop file's groups and keys (the freedesktop "key=value under [group]" format). */
function parseDesktopFile(text: string): Map<string, Map<string, string>> {
  const groups = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const group = /^\[(.+)\]$/.exec(line);
    if (group?.[1]) {
      expect(groups.has(group[1]), `group ${group[1]} twice`).toBe(false);
      current = new Map();
      groups.set(group[1], current);
      continue;
    }
    const pair = /^([A-Za-z0-9-]+(?:\[[A-Za-z_@]+\])?)=(.*)$/.exec(line);
    expect(pair, `not a key=value line: ${line}`).not.toBeNull();
    expect(current, 'a key before any group').not.toBeNull();
    if (pair?.[1] !== undefined && pair[2] !== undefined) current?.set(pair[1], pair[2]);
  }
  return groups;
}

const hasValidator =
  spawnSync('desktop-file-validate', ['--help'], { stdio: 'ignore' }).status === 0;

describe('the Dolphin service menu "Earlier versions…"', () => {
  const groups = parseDesktopFile(readFileSync(FILE, 'utf8'));
  const entry = groups.get('Desktop Entry');

  it('is a KIO service menu for every file and folder', () => {
    expect(entry?.get('Type')).toBe('Service');
    expect(entry?.get('X-KDE-ServiceTypes')).toBe('KonqPopupMenu/Plugin');
    const mimeTypes = (entry?.get('MimeType') ?? '').split(';').filter(Boolean);
    expect(mimeTypes).toEqual(
      expect.arrayContaining(['application/octet-stream', 'inode/directory']),
    );
    expect(entry?.get('TryExec')).toBe('kairn');
  });

  it('has one action, in English and German, that runs `kairn open` on the item', () => {
    const actions = (entry?.get('Actions') ?? '').split(';').filter(Boolean);
    expect(actions).toEqual(['kairnEarlierVersions']);
    const action = groups.get('Desktop Action kairnEarlierVersions');
    expect(action?.get('Name')).toBe('Earlier versions…');
    expect(action?.get('Name[de]')).toBe('Frühere Versionen…');
    expect(action?.get('Exec')).toBe('kairn open %f');
    expect(action?.get('Icon')).toBeTruthy();
  });

  it.skipIf(!hasValidator)(
    'passes desktop-file-validate, apart from what KDE adds to the standard',
    () => {
      const run = spawnSync('desktop-file-validate', [FILE], { encoding: 'utf8' });
      const complaints = `${run.stdout}${run.stderr}`.split('\n').filter((l) => l.trim() !== '');
      // The standard knows only Application, Link and Directory; KDE's Type=Service takes these
      // keys too. Anything else the validator says is a real mistake.
      const kdeOnly =
        /key "(MimeType|Actions|TryExec)" is present in group "Desktop Entry", but the type is "Service"/;
      expect(complaints.filter((line) => !kdeOnly.test(line))).toEqual([]);
    },
  );

  it('is installed where KF6 looks for service menus', () => {
    expect(FILE.endsWith(join('kio', 'servicemenus', 'kairn-earlier-versions.desktop'))).toBe(true);
    // Plain text, UTF-8, no carriage returns (KIO reads it with KConfig).
    expect(execFileSync('file', ['-b', '--mime-encoding', FILE], { encoding: 'utf8' }).trim()).toBe(
      'utf-8',
    );
    expect(readFileSync(FILE, 'utf8').includes('\r')).toBe(false);
  });
});
