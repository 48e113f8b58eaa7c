import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import type { TextDiff } from '../../../../shared/schemas/files';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useKairn, useKairnStore } from '../../store/context';

function count(diff: TextDiff, op: 'add' | 'del'): number {
  return diff.hunks.reduce((n, h) => n + h.lines.filter((l) => l.op === op).length, 0);
}

const SIGN = { add: '+', del: '−', same: ' ' } as const;

function Hunks({ diff }: { diff: TextDiff }) {
  const { t } = useTranslation();
  return (
    <div className="diff" data-testid="diff-view">
      <p className="diff-summary">
        <span className="diff-add-text">{t('ui.diff.added', { count: count(diff, 'add') })}</span>
        {' · '}
        <span className="diff-del-text">{t('ui.diff.removed', { count: count(diff, 'del') })}</span>
      </p>
      {diff.hunks.map((hunk) => (
        <table
          className="diff-hunk"
          key={`${hunk.oldStart}-${hunk.newStart}`}
          aria-label={t('ui.diff.hunk', { line: hunk.newStart })}
        >
          <tbody>
            {hunk.lines.map((line, i) => (
              <tr key={i} className={`diff-line diff-${line.op}`} data-op={line.op}>
                <td className="diff-sign" aria-hidden="true">
                  {SIGN[line.op]}
                </td>
                <td className="diff-text">
                  {line.op !== 'same' && (
                    <span className="sr-only">{t(`ui.diff.${line.op}Line`)} </span>
                  )}
                  {line.text || ' '}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </div>
  );
}

/** The chosen version against the current file, line by line: what was added since then and what is gone. */
export function DiffView() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const diff = useKairn((s) => s.diff);
  const key = useKairn((s) => s.itemKey);
  // Asks whenever the diff is not known for this item (new item, new point, or after a restore).
  useEffect(() => {
    if (diff.status === 'idle') void store.getState().loadDiff();
  }, [store, key, diff.status]);
  if (diff.status !== 'ready' && !diff.error)
    return <Busy label={t('ui.diff.loading')} testId="diff-loading" />;
  if (diff.error) return <ErrorNotice compact error={diff.error} />;
  const data = diff.data;
  if (!data) return null;
  if (data.unavailable)
    return (
      <p className="muted" data-testid="diff-unavailable">
        {t(`ui.diff.unavailable.${data.unavailable}`)}
      </p>
    );
  if (data.identical) return <p data-testid="diff-identical">{t('ui.diff.identical')}</p>;
  return (
    <>
      <p className="muted small">{t('ui.diff.legend')}</p>
      <Hunks diff={data} />
    </>
  );
}
