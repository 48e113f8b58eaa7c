import { describe, expect, it } from 'vitest';

import { detectFamily, familyLabel, type FamilyFacts } from '../../electron/core/family/detect';
import { parseOsReleaseFields, toOsReleaseInfo } from '../../electron/core/family/os-release';

/** os-release files as these systems ship them (reference §9), trimmed to the keys that matter. */
const SAMPLES = {
  kalpa: `NAME="openSUSE Kalpa"\nID="opensuse-kalpa"\nID_LIKE="opensuse suse"\nVERSION_ID="20261120"\nPRETTY_NAME="openSUSE Kalpa"\n`,
  aeon: `NAME="openSUSE Aeon"\nID="opensuse-aeon"\nID_LIKE="opensuse suse"\nVERSION_ID="20261118"\nPRETTY_NAME="openSUSE Aeon"\n`,
  kinoite: `NAME="Fedora Linux"\nVERSION="41 (Kinoite)"\nID=fedora\nVERSION_ID=41\nVARIANT="Kinoite"\nVARIANT_ID=kinoite\nPRETTY_NAME="Fedora Linux 41 (Kinoite)"\n`,
  aurora: `NAME="Aurora"\nID=aurora\nID_LIKE="fedora"\nVARIANT_ID=aurora-dx\nIMAGE_ID="aurora-dx"\nIMAGE_VERSION="41.20261115"\nPRETTY_NAME="Aurora (Version: 41.20261115)"\n`,
  bazzite: `NAME="Bazzite"\nID=bazzite\nID_LIKE="fedora"\nVARIANT_ID=bazzite-deck-gnome\nIMAGE_ID="bazzite-deck-gnome-stable"\nPRETTY_NAME="Bazzite 41 (FROM Fedora Kinoite)"\n`,
  kdeLinux: `NAME="KDE Linux"\nPRETTY_NAME="KDE Linux"\nID=kde-linux\nVERSION_ID=202611200345\nIMAGE_ID=kde-linux\nIMAGE_VERSION=202611200345\nKDE_LINUX_SYSUPDATE_ENDPOINT=sysupdate/v2\n`,
  debian: `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nID=debian\n`,
};

function facts(sample: string, extra: Partial<FamilyFacts> = {}): FamilyFacts {
  return {
    osRelease: toOsReleaseInfo(parseOsReleaseFields(sample)),
    tukit: 'missing',
    rpmOstree: 'missing',
    sysupdate: 'missing',
    ostreeBooted: false,
    snapperRootConfig: false,
    ...extra,
  };
}

describe('family detection', () => {
  it.each([
    [
      'Kalpa (snapper root config)',
      facts(SAMPLES.kalpa, { snapperRootConfig: true }),
      'suse-transactional',
    ],
    [
      'Aeon (tukit activatable)',
      facts(SAMPLES.aeon, { tukit: 'activatable', snapperRootConfig: true }),
      'suse-transactional',
    ],
    [
      'Kinoite (ostree booted)',
      facts(SAMPLES.kinoite, { ostreeBooted: true, rpmOstree: 'activatable' }),
      'ostree',
    ],
    ['Aurora', facts(SAMPLES.aurora, { ostreeBooted: true, rpmOstree: 'running' }), 'ostree'],
    ['Bazzite', facts(SAMPLES.bazzite, { ostreeBooted: true }), 'ostree'],
    [
      'KDE Linux (sysupdated present)',
      facts(SAMPLES.kdeLinux, { sysupdate: 'activatable' }),
      'sysupdate',
    ],
    ['KDE Linux (sysupdated not yet visible)', facts(SAMPLES.kdeLinux), 'sysupdate'],
    ['plain Debian', facts(SAMPLES.debian), 'generic'],
  ] as const)('%s → %s', (_name, input, family) => {
    expect(detectFamily(input)).toBe(family);
  });

  it('does not call a SUSE system transactional without the capability', () => {
    expect(detectFamily(facts(SAMPLES.kalpa))).toBe('generic');
  });

  it('does not trust a snapper root config on a non-SUSE system', () => {
    expect(detectFamily(facts(SAMPLES.debian, { snapperRootConfig: true }))).toBe('generic');
  });
});

describe('os-release parsing', () => {
  it('honours shell-style quoting and ignores comments', () => {
    const fields = parseOsReleaseFields(
      `# comment\nA="two words"\nB='single $quoted'\nC=bare\nD="esc \\"q\\" \\$x"\nbad line\n`,
    );
    expect(fields).toEqual({ A: 'two words', B: 'single $quoted', C: 'bare', D: 'esc "q" $x' });
  });

  it('fills the documented defaults for an empty file', () => {
    const info = toOsReleaseInfo({});
    expect(info).toMatchObject({ id: 'linux', name: 'Linux', prettyName: 'Linux', idLike: [] });
  });

  it('labels by PRETTY_NAME', () => {
    expect(familyLabel(toOsReleaseInfo(parseOsReleaseFields(SAMPLES.kinoite)))).toBe(
      'Fedora Linux 41 (Kinoite)',
    );
    expect(familyLabel(toOsReleaseInfo(parseOsReleaseFields(SAMPLES.kalpa)))).toBe(
      'openSUSE Kalpa',
    );
    expect(familyLabel(toOsReleaseInfo({}))).toBe('Linux');
  });
});
