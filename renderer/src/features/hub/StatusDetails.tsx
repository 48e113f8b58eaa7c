import { useTranslation } from 'react-i18next';

import type { Status } from '../../../../shared/schemas/status';

function yesNo(value: boolean, t: (key: string) => string): string {
  return value ? t('ui.common.yes') : t('ui.common.no');
}

/** The helper's view: family, os-release, services and snapper configs, behind a disclosure. */
export function StatusDetails({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <details className="details card" data-testid="hub-details">
      <summary>{t('ui.hub.detailsSummary')}</summary>
      <div className="details-body">
        <dl className="details-list">
          <dt>{t('ui.hub.details.family')}</dt>
          <dd>
            <code>{status.family}</code> ({status.familyLabel})
          </dd>
          <dt>{t('ui.hub.details.home')}</dt>
          <dd>
            <code>{status.home.path}</code> → <code>{status.home.config ?? '—'}</code>
          </dd>
          <dt>{t('ui.hub.details.restartReasons')}</dt>
          <dd>{status.restart.reasons.length > 0 ? status.restart.reasons.join(', ') : '—'}</dd>
          <dt>{t('ui.hub.details.services')}</dt>
          <dd>
            {Object.entries(status.services).map(([name, state]) => (
              <span key={name} className="tag">
                <code>{name}</code>: {state}
              </span>
            ))}
          </dd>
        </dl>
        <h3 className="details-heading">{t('ui.hub.details.osRelease')}</h3>
        <table className="details-table">
          <tbody>
            {Object.entries(status.osRelease.fields).map(([key, value]) => (
              <tr key={key}>
                <th scope="row">
                  <code>{key}</code>
                </th>
                <td>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 className="details-heading">{t('ui.hub.details.snapperConfigs')}</h3>
        {status.snapper.problem && (
          <p className="muted">
            {t('ui.hub.details.snapperProblem', { code: status.snapper.problem })}
          </p>
        )}
        {status.snapper.configs.length === 0 ? (
          <p className="muted">{t('ui.hub.details.noConfigs')}</p>
        ) : (
          <table className="details-table">
            <thead>
              <tr>
                <th scope="col">{t('ui.hub.details.configName')}</th>
                <th scope="col">{t('ui.hub.details.subvolume')}</th>
                <th scope="col">ALLOW_USERS / ALLOW_GROUPS</th>
                <th scope="col">SYNC_ACL</th>
                <th scope="col">TIMELINE_CREATE</th>
                <th scope="col">{t('ui.hub.details.coversHome')}</th>
              </tr>
            </thead>
            <tbody>
              {status.snapper.configs.map((c) => (
                <tr key={c.name}>
                  <td>
                    <code>{c.name}</code>
                  </td>
                  <td>
                    <code>{c.subvolume}</code> ({c.fstype})
                  </td>
                  <td>
                    {[...c.allowUsers, ...c.allowGroups.map((g) => `@${g}`)].join(', ') || '—'}
                  </td>
                  <td>{yesNo(c.syncAcl, t)}</td>
                  <td>{yesNo(c.timeline, t)}</td>
                  <td>{yesNo(c.coversHome, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </details>
  );
}
