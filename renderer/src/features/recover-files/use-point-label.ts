import { useTranslation } from 'react-i18next';

import { useNow } from '../../hooks/use-now';
import { parseDate } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn } from '../../store/context';
import { selectPointSnapshot } from '../../store/history-slice';
import { pointLabel } from './timeline-model';

/** The chosen point in time in words ("Today 14:00"), or "Now". */
export function usePointLabel(): string {
  const { t } = useTranslation();
  const snap = useKairn(selectPointSnapshot);
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
