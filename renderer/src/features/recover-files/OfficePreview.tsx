import { useTranslation } from 'react-i18next';

import type { Preview } from '../../../../shared/schemas/files';

type DocumentPreview = Extract<Preview, { kind: 'document' }>;

/** An OpenDocument file (.odt, .ods, .odp): the thumbnail it carries and the first lines of its text. */
export function OfficePreview({ data, name }: { data: DocumentPreview; name: string }) {
  const { t } = useTranslation();
  return (
    <div className="preview-document" data-testid="preview-document" data-format={data.format}>
      {data.thumbnail && (
        <img
          className="preview-image"
          src={`data:${data.thumbnail.mime};base64,${data.thumbnail.dataBase64}`}
          alt={t('ui.preview.thumbnailAlt', { name })}
          data-testid="preview-thumbnail"
        />
      )}
      {data.text ? (
        <pre
          className="preview-text"
          tabIndex={0}
          aria-label={t('ui.preview.textLabel', { name })}
          data-testid="preview-document-text"
        >
          {data.text}
        </pre>
      ) : (
        <p className="muted" data-testid="preview-document-empty">
          {t(`ui.preview.documentEmpty.${data.format}`)}
        </p>
      )}
      {data.text && data.truncated && <p className="muted small">{t('ui.preview.truncated')}</p>}
    </div>
  );
}
