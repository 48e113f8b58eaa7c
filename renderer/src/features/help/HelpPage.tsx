import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { KairnErrorPayload } from '../../../../shared/api/errors';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { toErrorPayload } from '../../store/async';
import { useKairn, useKairnStore } from '../../store/context';

/** The port `kairn serve` is told to use, so the tunnel command can name the same one. */
const PORT = 8723;
const SERVE = `kairn serve --port ${String(PORT)}`;
const TUNNEL = `ssh -L ${String(PORT)}:127.0.0.1:${String(PORT)} USER@COMPUTER`;

/** Offers text as a file download (the browser host has no save dialog). */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // Revoked on the next turn, after the browser took the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function CommandLine({ command, testId }: { command: string; testId: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    // The clipboard is missing on plain-http pages other than 127.0.0.1; then the text stays selectable.
    if (typeof navigator.clipboard === 'undefined') return;
    navigator.clipboard.writeText(command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <div className="command-line">
      <code data-testid={testId}>{command}</code>
      <button
        type="button"
        className="button"
        onClick={copy}
        aria-label={t('ui.help.copyLabel', { command })}
      >
        {copied ? t('ui.help.copied') : t('ui.help.copy')}
      </button>
    </div>
  );
}

type Saved =
  | { kind: 'saved'; path: string }
  | { kind: 'downloaded'; name: string }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: KairnErrorPayload };

function SavedLine({ saved }: { saved: Exclude<Saved, { kind: 'failed' }> }) {
  const { t } = useTranslation();
  let sentence = t('ui.help.cancelled');
  if (saved.kind === 'saved') sentence = t('ui.help.saved', { path: saved.path });
  if (saved.kind === 'downloaded') sentence = t('ui.help.downloaded', { name: saved.name });
  return (
    <p role="status" data-testid="report-saved">
      {sentence}
    </p>
  );
}

function ReportSection() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const report = useKairn((s) => s.report);
  const [saved, setSaved] = useState<Saved | null>(null);
  const save = async () => {
    const data = store.getState().report.data;
    if (!data) return;
    try {
      const result = await store.getState().saveReport();
      if (result.outcome === 'unavailable') {
        download(data.text, data.fileName);
        setSaved({ kind: 'downloaded', name: data.fileName });
      } else if (result.outcome === 'saved') setSaved({ kind: 'saved', path: result.path });
      else setSaved({ kind: 'cancelled' });
    } catch (err) {
      setSaved({ kind: 'failed', error: toErrorPayload(err) });
    }
  };
  return (
    <section className="help-section" aria-labelledby="report-title">
      <h2 id="report-title" className="section-title">
        {t('ui.help.reportTitle')}
      </h2>
      <p>{t('ui.help.reportText')}</p>
      <div className="help-actions">
        <button
          type="button"
          className="button primary"
          data-testid="report-create"
          disabled={report.status === 'loading'}
          onClick={() => {
            setSaved(null);
            void store.getState().createReport();
          }}
        >
          {t('ui.help.create')}
        </button>
      </div>
      {report.status === 'loading' && (
        <Busy label={t('ui.help.creating')} testId="report-creating" />
      )}
      {report.error && <ErrorNotice error={report.error} />}
      {report.data && report.status !== 'loading' && (
        <>
          <label htmlFor="report-preview">{t('ui.help.previewLabel')}</label>
          <textarea
            id="report-preview"
            className="report-preview"
            data-testid="report-preview"
            readOnly
            value={report.data.text}
          />
          <div className="help-actions">
            <button
              type="button"
              className="button"
              data-testid="report-save"
              onClick={() => void save()}
            >
              {t('ui.help.save')}
            </button>
          </div>
        </>
      )}
      {saved && saved.kind !== 'failed' && <SavedLine saved={saved} />}
      {saved?.kind === 'failed' && <ErrorNotice error={saved.error} />}
    </section>
  );
}

/** Get help: a redacted report for the helper, and how the helper can look at this hub over SSH. */
export function HelpPage() {
  const { t } = useTranslation();
  return (
    <div className="page" data-testid="page-help">
      <PageHeader title={t('ui.nav.help')} lead={t('ui.areas.help.lead')} />
      <ReportSection />
      <section className="help-section" aria-labelledby="remote-title">
        <h2 id="remote-title" className="section-title">
          {t('ui.help.remoteTitle')}
        </h2>
        <p>{t('ui.help.remoteText')}</p>
        <CommandLine command={SERVE} testId="help-serve-command" />
        <p>{t('ui.help.remoteStep2')}</p>
        <CommandLine command={TUNNEL} testId="help-ssh-command" />
        <p className="muted">{t('ui.help.remoteNote')}</p>
      </section>
    </div>
  );
}
