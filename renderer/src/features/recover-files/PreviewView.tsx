import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatCount } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn } from '../../store/context';
import { OfficePreview } from './OfficePreview';
import { PdfPreview } from './PdfPreview';

/** What the selected item looked like at the chosen point: text, image, first PDF page, or a folder's size. */
export function PreviewView({ name }: { name: string }) {
  const { t } = useTranslation();
  const preview = useKairn((s) => s.preview);
  const point = useKairn((s) => s.point);
  const showHidden = useKairn((s) => s.showHidden);
  if (preview.status === 'loading' || preview.status === 'idle')
    return <Busy label={t('ui.preview.loading')} testId="preview-loading" />;
  if (preview.error?.code === 'not-found') {
    // Not existing at some point in time is normal for a file's history, not an error.
    return (
      <p className="notice notice-info" role="status" data-testid="preview-missing">
        {t(point === 0 ? 'ui.preview.missingNowStep' : 'ui.preview.missingStep')}
      </p>
    );
  }
  if (preview.error) return <ErrorNotice compact error={preview.error} />;
  const data = preview.data;
  if (!data) return null;
  switch (data.kind) {
    case 'text':
      return (
        <div>
          <pre
            className="preview-text"
            tabIndex={0}
            aria-label={t('ui.preview.textLabel', { name })}
            data-testid="preview-text"
          >
            {data.text}
          </pre>
          {data.truncated && <p className="muted small">{t('ui.preview.truncated')}</p>}
        </div>
      );
    case 'image':
      return (
        <img
          className="preview-image"
          src={`data:${data.mime};base64,${data.dataBase64}`}
          alt={t('ui.preview.imageAlt', { name })}
          data-testid="preview-image"
        />
      );
    case 'pdf':
      return (
        <PdfPreview
          key={`${data.dataBase64.length}:${data.dataBase64.slice(0, 64)}`}
          dataBase64={data.dataBase64}
          name={name}
        />
      );
    case 'document':
      return <OfficePreview data={data} name={name} />;
    case 'folder': {
      // The list leaves dot-items out until asked; the count says what the list shows.
      const shownEntries = showHidden ? data.entries : data.entries - data.hidden;
      return (
        <p className="preview-folder" data-testid="preview-folder">
          {t('ui.preview.folder', {
            count: shownEntries,
            formatted: formatCount(shownEntries, userLocale()),
          })}
        </p>
      );
    }
    case 'none':
      return (
        <p className="muted" data-testid="preview-none">
          {t(`ui.preview.none.${data.reason}`)}
        </p>
      );
  }
}
