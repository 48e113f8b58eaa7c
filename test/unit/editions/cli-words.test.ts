import { describe, expect, it } from 'vitest';

import { formatEditions } from '../../../electron/cli/commands/editions';
import type { Edition, EditionsInfo } from '../../../shared/schemas/editions';

const edition = (id: string, extra: Partial<Edition> = {}): Edition => ({
  id,
  name: id,
  kind: 'channel',
  cadence: 'weekly',
  risk: 'low',
  major: false,
  advanced: false,
  inUse: false,
  usedAtNextStart: false,
  canSwitch: true,
  technical: `registry:${id}`,
  ...extra,
});

const base: EditionsInfo = {
  family: 'ostree',
  system: 'Aurora',
  switching: { available: true, reason: null, detail: null },
  current: null,
  nextStart: null,
  available: [],
  notPublished: [],
  switchBack: null,
  technical: {},
};

describe('kairn editions (for people)', () => {
  it('names cadence and risk in the same plain words as the view, with the marks', () => {
    const stable = edition('stable', { inUse: true, canSwitch: false });
    const latest = edition('latest', { cadence: 'often', risk: 'medium', usedAtNextStart: true });
    const text = formatEditions({
      ...base,
      current: stable,
      nextStart: latest,
      available: [stable, latest],
      switchBack: 'stable',
    });
    expect(text).toMatch(/^Edition +Updates +Risk/);
    expect(text).toMatch(/stable +Updates once a week +Steady: the safest choice +in use/);
    expect(text).toMatch(
      /latest +Updates often +Newer: small problems are possible +used at next start/,
    );
    expect(text).toContain('switch back: kairn edition switch stable');
  });

  it('says plainly when nothing can be chosen, and what is not published yet', () => {
    const text = formatEditions({
      ...base,
      family: 'sysupdate',
      switching: { available: false, reason: 'editions-kde-one-published', detail: null },
      available: [edition('testing', { inUse: true, canSwitch: false })],
      notPublished: ['Enthusiast', 'Stable'],
    });
    expect(text).toContain('Not published yet: Enthusiast, Stable.');
    expect(text).toContain('KDE Linux publishes only one edition so far');
  });
});
