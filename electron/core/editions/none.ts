import { KairnError } from '../errors';
import type { EditionsPort } from '../ports/editions';

/** A core without a family table (tests of other areas): no editions published, nothing to switch. */
export const NO_EDITIONS: EditionsPort = {
  read: () =>
    Promise.resolve({
      system: '',
      switching: { reason: 'editions-none-published', detail: 'no family adapter for editions' },
      current: null,
      nextStart: null,
      available: [],
      notPublished: [],
      restartPending: false,
      technical: {},
    }),
  preview: () =>
    Promise.reject(new KairnError('not-yet-available', { reason: 'editions-none-published' })),
  switchTo: () =>
    Promise.reject(new KairnError('not-yet-available', { reason: 'editions-none-published' })),
};
