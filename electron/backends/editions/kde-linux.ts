import type { OsReleaseInfo } from '../../../shared/schemas/status';
import { KairnError } from '../../core/errors';
import type { EditionChoice, EditionsFacts, EditionsPort } from '../../core/ports/editions';

/**
 * KDE Linux's editions (reference §5.7): Testing, Enthusiast and Stable are planned, only
 * Testing is published. A second published edition is one more entry in PUBLISHED and one switch
 * implementation; the list, the cards and the job stay as they are.
 */
const PLANNED: readonly EditionChoice[] = [
  {
    id: 'testing',
    name: 'Testing',
    kind: 'channel',
    cadence: 'often',
    risk: 'high',
    major: false,
    advanced: false,
    ref: 'testing',
  },
  {
    id: 'enthusiast',
    name: 'Enthusiast',
    kind: 'channel',
    cadence: 'unknown',
    risk: 'medium',
    major: false,
    advanced: false,
    ref: 'enthusiast',
  },
  {
    id: 'stable',
    name: 'Stable',
    kind: 'channel',
    cadence: 'unknown',
    risk: 'low',
    major: false,
    advanced: false,
    ref: 'stable',
  },
];
const PUBLISHED: ReadonlySet<string> = new Set(['testing']);

export class KdeLinuxEditions implements EditionsPort {
  constructor(private readonly osRelease: OsReleaseInfo) {}

  read(): Promise<EditionsFacts> {
    const variant = this.osRelease.variantId;
    // Without VARIANT_ID (master today) the system is the one edition published: Testing.
    const current = PLANNED.find((e) => e.id === (variant ?? 'testing')) ?? null;
    const available = PLANNED.filter((e) => PUBLISHED.has(e.id));
    if (current && !available.includes(current)) available.push(current);
    return Promise.resolve({
      system: this.osRelease.name,
      switching:
        available.length > 1
          ? {
              reason: 'editions-kde-no-switch',
              detail: 'KDE Linux has no client-side edition switch yet',
            }
          : {
              reason: 'editions-kde-one-published',
              detail: 'KDE Linux publishes only the Testing edition so far',
            },
      current,
      nextStart: current,
      available,
      restartPending: false,
      notPublished: PLANNED.filter((e) => !PUBLISHED.has(e.id)).map((e) => e.name),
      technical: {
        VARIANT_ID: variant ?? '(not set)',
        IMAGE_VERSION: this.osRelease.imageVersion ?? '(not set)',
      },
    });
  }

  preview(): Promise<never> {
    return Promise.reject(
      new KairnError('not-yet-available', { reason: 'editions-kde-one-published' }),
    );
  }

  switchTo(): Promise<never> {
    return Promise.reject(
      new KairnError('not-yet-available', { reason: 'editions-kde-one-published' }),
    );
  }
}
