import { useTranslation } from 'react-i18next';

import { formatDuration } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn } from '../../store/context';
import { keepingOf } from './history-facts';
import { usePointLabelOf } from './use-point-label';

/**
 * What File history is and is not, in one line: when the last point was saved, how long points
 * are kept (from the config's timeline and cleanup settings), and that they live on this disk.
 */
export function HistoryFacts() {
  const { t } = useTranslation();
  const retention = useKairn((s) => s.home.data?.config?.retention);
  const newest = useKairn((s) => s.snapshots.data?.at(-1) ?? null);
  const loaded = useKairn((s) => s.snapshots.data !== null);
  const when = usePointLabelOf(newest);
  const keeping = retention ? keepingOf(retention) : null;
  const parts: string[] = [];
  if (loaded) parts.push(newest ? t('ui.facts.last', { when }) : t('ui.facts.none'));
  if (keeping?.kind === 'span') {
    parts.push(
      t('ui.facts.kept', { span: formatDuration(keeping.count, keeping.unit, userLocale()) }),
    );
  } else if (keeping) {
    parts.push(t(`ui.facts.${keeping.kind}`));
  }
  parts.push(t('ui.facts.sameDisk'));
  return (
    <p className="muted small history-facts" data-testid="history-facts">
      {parts.join(' · ')}
    </p>
  );
}
