import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { Busy } from '../../components/Busy';

/** First page of a PDF drawn into a canvas; pdf.js is loaded only when a PDF is shown. */
export function PdfPreview({ dataBase64, name }: { dataBase64: string; name: string }) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'error'; pages: number }>({
    status: 'loading',
    pages: 0,
  });
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return undefined;
    const controller = new AbortController();
    const width = Math.min(320, canvas.parentElement?.clientWidth ?? 320);
    import('./pdf-render')
      .then(({ renderFirstPage }) => renderFirstPage(dataBase64, canvas, width, controller.signal))
      .then((pages) => {
        if (!controller.signal.aborted) setState({ status: 'ready', pages });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ status: 'error', pages: 0 });
      });
    return () => controller.abort();
  }, [dataBase64]);
  return (
    <div className="preview-pdf" data-testid="preview-pdf" data-state={state.status}>
      {state.status === 'loading' && <Busy label={t('ui.preview.pdfLoading')} />}
      {state.status === 'error' && <p className="muted">{t('ui.preview.pdfFailed')}</p>}
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={t('ui.preview.pdfLabel', { name })}
        hidden={state.status === 'error'}
      />
      {state.status === 'ready' && (
        <p className="muted small">{t('ui.preview.pdfPages', { count: state.pages })}</p>
      )}
    </div>
  );
}
