import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';

// Recover files is the heaviest area (timeline, virtual list, previews): it loads only when
// opened, so the hub paints without it. Its styles travel with it.
const Page = lazy(() =>
  import('./RecoverFilesPage').then((m) => ({ default: m.RecoverFilesPage })),
);

/**
 * Once the code is in: if navigation parked focus on the content while it loaded, it goes where
 * the page says to start, as it would have at once (the timeline takes it from the heading later).
 */
function FocusWhenLoaded() {
  useEffect(() => {
    if (document.activeElement?.id !== 'main') return;
    const target =
      document.querySelector<HTMLElement>('#main [data-initial-focus]') ??
      document.querySelector<HTMLElement>('#main h1');
    target?.focus({ preventScroll: true });
  }, []);
  return null;
}

/** Recover files, loaded on demand; says what it is doing while its code arrives. */
export function LazyRecoverFilesPage() {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Busy label={t('ui.common.loadingArea')} testId="area-loading" />}>
      <Page />
      <FocusWhenLoaded />
    </Suspense>
  );
}
