import type { OsReleaseInfo } from '../../../shared/schemas/status';
import { KairnError } from '../../core/errors';
import type { EditionsFacts, EditionsPort } from '../../core/ports/editions';

/** openSUSE Aeon / Kalpa / MicroOS and systems Kairn does not know: one edition, nothing to choose. */
export class NoEditions implements EditionsPort {
  constructor(private readonly osRelease: OsReleaseInfo | null) {}

  read(): Promise<EditionsFacts> {
    return Promise.resolve({
      system: this.osRelease?.name ?? '',
      switching: {
        reason: 'editions-none-published',
        detail: `os-release ID=${this.osRelease?.id ?? '(unknown)'}`,
      },
      current: null,
      nextStart: null,
      available: [],
      notPublished: [],
      restartPending: false,
      technical: {
        ID: this.osRelease?.id ?? '(unknown)',
        VERSION_ID: this.osRelease?.versionId ?? '(not set)',
      },
    });
  }

  preview(): Promise<never> {
    return Promise.reject(
      new KairnError('not-yet-available', { reason: 'editions-none-published' }),
    );
  }

  switchTo(): Promise<never> {
    return Promise.reject(
      new KairnError('not-yet-available', { reason: 'editions-none-published' }),
    );
  }
}
