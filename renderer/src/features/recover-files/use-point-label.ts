import { useTranslation } from 'react-i18next';

import { useNow } from '../../hooks/use-now';
import { isFileNameSafeLabel } from '../../../../shared/schemas/copy-label-rule';
import type { Snapshot } from '../../../../shared/schemas/snapshots';
import { formatCopyDate, parseDate } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn } from '../../store/context';
import { selectPointSnapshot } from '../../store/history-slice';
import { pointLabel } from './timeline-model';

/** The chosen point in time in words ("Today 14:00"), or "Now". */
export function usePointLabel(): string {
  return usePointLabelOf(useKairn(selectPointSnapshot));
}

/** A point in time in words ("Today 14:00", "Mon 3 Nov, 14:00"); null is "Now". */
export function usePointLabelOf(snap: Snapshot | null): string {
  const { t } = useTranslation();
  const now = useNow();
  if (!snap) return t('ui.timeline.now');
  return pointLabel(parseDate(snap.date), {
    now,
    locale: userLocale(),
    labels: {
      now: t('ui.timeline.now'),
      today: (time) => t('ui.timeline.today', { time }),
      yesterday: (time) => t('ui.timeline.yesterday', { time }),
    },
  });
}

/**
 * The words for a restored copy's name in the user's language: "restored from Mon 3 Nov 14.00".
 * Undefined when the point has no date or the words would not make a valid name; the core then
 * writes its English default.
 */
export function useCopyLabel(): string | undefined {
  const { t } = useTranslation();
  const snap = useKairn(selectPointSnapshot);
  const now = useNow();
  const date = parseDate(snap?.date);
  if (!date) return undefined;
  const label = t('ui.restore.copyLabel', { when: formatCopyDate(date, now, userLocale()) });
  return isFileNameSafeLabel(label) ? label : undefined;
}
