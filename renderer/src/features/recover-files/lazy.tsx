import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';

// Recover files is the heaviest area (timeline, virtual list, previews): it loads only when
// opened, so the hub paints without it. Its styles travel with it.
const Page = lazy(() =>
  import('./RecoverFilesPage').then((m) => ({ default: m.RecoverFilesPage })),
);

/** Recover files, loaded on demand; says what it is doing while its code arrives. */
export function LazyRecoverFilesPage() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Busy label={t('ui.common.loadingArea')} testId="area-loading" />}>
      <Page />
    </Suspense>
  );
}
