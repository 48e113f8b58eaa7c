import { describe, expect, it } from 'vitest';

import {
  candidateNames,
  isTempName,
  isValidCopyLabel,
  keepBothName,
  restoredLabel,
  splitName,
  tempName,
} from '../../../electron/core/restore/naming';
import { RestoreParams } from '../../../shared/schemas/jobs';
import {
  dedupeNested,
  holdingPlace,
  parentChain,
  planTarget,
  rebase,
} from '../../../electron/core/restore/plan';

const LABEL = 'restored 2026-11-03 14.00';

describe('keep-both names', () => {
  it('labels in English by default, as the design writes it, with the year only when needed and no colon', () => {
    const now = new Date(2026, 11, 1, 23, 0);
    expect(restoredLabel(new Date(2026, 10, 2, 14, 0), now)).toBe('restored from Mon 2 Nov 14.00');
    expect(restoredLabel(new Date(2026, 0, 9, 7, 5), now)).toBe('restored from Fri 9 Jan 07.05');
    expect(restoredLabel(new Date(2025, 10, 3, 21, 30), now)).toBe(
      'restored from Mon, 3 Nov 2025 21.30',
    );
    expect(restoredLabel(null)).toBe('restored');
    expect(isValidCopyLabel(restoredLabel(new Date(2026, 10, 2, 14, 0), now))).toBe(true);
  });

  it('puts a translated label into the name, extension last, still numbered', () => {
    const de = 'wiederhergestellt vom Mo., 2. Nov. 14.00';
    expect(keepBothName('Bericht.odt', false, de)).toBe(
      'Bericht (wiederhergestellt vom Mo., 2. Nov. 14.00).odt',
    );
    expect(keepBothName('Bericht.odt', false, de, 2)).toBe(
      'Bericht (wiederhergestellt vom Mo., 2. Nov. 14.00) 2.odt',
    );
  });

  it('accepts only labels that make a valid file name on every disk', () => {
    expect(isValidCopyLabel('wiederhergestellt vom Mo., 2. Nov. 14.00')).toBe(true);
    for (const bad of [
      '',
      ' padded ',
      'a/b',
      'a\\b',
      '14:00',
      'what?',
      'a*',
      'x"y',
      '<a>',
      'a|b',
      'line\nbreak',
      'nul\0',
      'x'.repeat(81),
    ]) {
      expect(isValidCopyLabel(bad), JSON.stringify(bad)).toBe(false);
    }
    const base = { config: 'home', snapshot: 1, paths: ['/home/a/r.odt'] };
    expect(
      RestoreParams.safeParse({ ...base, label: 'restored from Mon 2 Nov 14.00' }).success,
    ).toBe(true);
    expect(RestoreParams.safeParse({ ...base, label: '../../etc' }).success).toBe(false);
    expect(RestoreParams.safeParse(base).success).toBe(true);
  });

  it('keeps the extension last', () => {
    expect(keepBothName('report.odt', false, LABEL)).toBe('report (restored 2026-11-03 14.00).odt');
    expect(keepBothName('backup.tar.gz', false, LABEL)).toBe(
      'backup (restored 2026-11-03 14.00).tar.gz',
    );
    expect(keepBothName('My Photo.JPEG', false, LABEL)).toBe(
      'My Photo (restored 2026-11-03 14.00).JPEG',
    );
  });

  it('appends for dotfiles, names without extension and folders', () => {
    expect(keepBothName('.bashrc', false, LABEL)).toBe('.bashrc (restored 2026-11-03 14.00)');
    expect(keepBothName('Makefile', false, LABEL)).toBe('Makefile (restored 2026-11-03 14.00)');
    expect(keepBothName('project.v2', true, LABEL)).toBe('project.v2 (restored 2026-11-03 14.00)');
    expect(keepBothName('notes v2.final draft', false, LABEL)).toBe(
      'notes v2.final draft (restored 2026-11-03 14.00)',
    );
    expect(keepBothName('trailing.', false, LABEL)).toBe('trailing. (restored 2026-11-03 14.00)');
  });

  it('numbers further copies: 2, 3, …', () => {
    const names = candidateNames('report.odt', false, LABEL);
    expect([1, 2, 3, 4].map(() => names.next().value)).toEqual([
      'report.odt',
      'report (restored 2026-11-03 14.00).odt',
      'report (restored 2026-11-03 14.00) 2.odt',
      'report (restored 2026-11-03 14.00) 3.odt',
    ]);
    expect(candidateNames('a', false, LABEL, true).next().value).toBe(
      'a (restored 2026-11-03 14.00)',
    );
  });

  it('stays within 255 bytes by shortening the stem, never splitting a character', () => {
    const long = `${'ä'.repeat(200)}.txt`;
    const name = keepBothName(long, false, LABEL, 12);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name.endsWith(`(${LABEL}) 12.txt`)).toBe(true);
    expect(name).not.toContain('\uFFFD');
    expect(Buffer.byteLength(tempName(long, 'abcdef'))).toBeLessThanOrEqual(255);
  });

  it('splits names', () => {
    expect(splitName('a.b.c', false)).toEqual({ stem: 'a.b', ext: '.c' });
    expect(splitName('.config.json', false)).toEqual({ stem: '.config', ext: '.json' });
    expect(splitName('x.txt', true)).toEqual({ stem: 'x.txt', ext: '' });
  });

  it('marks temp names as hidden and recognisable', () => {
    const name = tempName('report.odt', '0a1b2c');
    expect(name).toBe('.report.odt.kairn-tmp-0a1b2c');
    expect(isTempName(name)).toBe(true);
    expect(isTempName('report.odt')).toBe(false);
  });
});

describe('restore plan', () => {
  it('drops duplicates and paths inside selected folders', () => {
    expect(dedupeNested(['/h/a', '/h/a/b.txt', '/h/ab', '/h/a', '/h/c/d'])).toEqual([
      '/h/a',
      '/h/ab',
      '/h/c/d',
    ]);
  });

  it('puts items beside themselves, or into the chosen folder', () => {
    expect(planTarget('keep-both', '/h/Docs/r.odt', '/h')).toEqual({
      destDir: '/h/Docs',
      name: 'r.odt',
    });
    expect(planTarget('replace', '/h/r.odt', '/h')).toEqual({ destDir: '/h', name: 'r.odt' });
    expect(planTarget('to', '/h/Docs/r.odt', '/h', '/media/usb/')).toEqual({
      destDir: '/media/usb',
      name: 'r.odt',
    });
    expect(planTarget('to', '/h', '/h', '/tmp/out')).toEqual({ destDir: '/tmp/out', name: 'h' });
  });

  it('lists the folders below the subvolume down to a folder', () => {
    expect(parentChain('/h', '/h/a/b')).toEqual(['/h/a', '/h/a/b']);
    expect(parentChain('/h', '/h')).toEqual([]);
    expect(parentChain('/h', '/other')).toEqual([]);
    expect(rebase('/h/a/b', '/h', '/h/.snapshots/3/snapshot')).toBe('/h/.snapshots/3/snapshot/a/b');
  });

  it('keeps replaced items in a hidden folder beside them', () => {
    expect(holdingPlace('/h/Docs/r.odt', 'id1')).toEqual({
      holdingDir: '/h/Docs/.kairn-replaced/id1',
      heldAt: '/h/Docs/.kairn-replaced/id1/r.odt',
    });
  });
});
