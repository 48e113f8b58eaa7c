import type { KairnErrorPayload } from '../../../shared/api/errors';
import { countedSentence } from '../../../shared/i18n/messages';
import type { SkippedItem } from '../../../shared/schemas/jobs';
import { KairnError } from '../errors';

/**
 * Items a restore cannot read: without the user's "restore the rest", the job is refused before
 * anything is written, naming how many there are and which (the UI offers to restore the rest).
 */

const DETAIL_PATHS = 5;

/** The full list travels in `items`; the technical detail names the first few. */
function detailOf(items: SkippedItem[]): string {
  const shown = items.slice(0, DETAIL_PATHS).map((i) => i.path);
  return `cannot read: ${shown.join(', ')}${items.length > DETAIL_PATHS ? ', …' : ''}`;
}

/** access-denied with reason some-unreadable, carrying the unreadable items to the job's error payload. */
export class UnreadableItemsError extends KairnError {
  readonly items: SkippedItem[];

  constructor(items: SkippedItem[]) {
    super('access-denied', {
      reason: 'some-unreadable',
      detail: detailOf(items),
    });
    this.items = items;
    this.message = countedSentence('some-unreadable', items.length) ?? this.message;
  }

  override toPayload(): KairnErrorPayload & { items: SkippedItem[] } {
    return { ...super.toPayload(), items: this.items };
  }
}

/**
 * After counting: what to do about unreadable items. Nothing to restore at all (every selected
 * item is itself unreadable) stays the plain "cannot read that item"; otherwise the job stops
 * unless the user asked to restore the rest.
 */
export function checkUnreadable(opts: {
  unreadable: SkippedItem[];
  /** True when every selected item itself is unreadable. */
  nothingReadable: boolean;
  skipUnreadable: boolean;
}): void {
  const first = opts.unreadable[0];
  if (first === undefined) return;
  if (opts.nothingReadable) {
    throw new KairnError('access-denied', {
      reason: 'unreadable',
      detail: `read ${first.path}: EACCES`,
    });
  }
  if (!opts.skipUnreadable) throw new UnreadableItemsError(opts.unreadable);
}
