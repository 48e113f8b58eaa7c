import { useTranslation } from 'react-i18next';

import type { SearchMatch } from '../../../../shared/schemas/files';
import { Busy } from '../../components/Busy';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { useNow } from '../../hooks/use-now';
import { formatDayTime, parseDate } from '../../i18n/format';
import { userLocale } from '../../i18n';
import { useKairn, useKairnStore } from '../../store/context';
import { selectHomePath } from '../../store/history-slice';
import { basename, dirname, isHiddenPath, placeOf, toLivePath } from '../../store/paths';
import { iconFor, visualKind } from './file-kind';
import { ShowHiddenSwitch } from './ShowHiddenSwitch';

/** Rows listed at once; more matches mean the name should be typed more fully. */
const SHOWN = 200;

function SearchProgress() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const search = useKairn((s) => s.search);
  const p = search.progress;
  if (search.state !== 'running') return null;
  const label =
    p && p.total !== null
      ? t('ui.search.progress', { done: p.done, total: p.total, count: p.total })
      : t('ui.search.progressUnknown');
  return (
    <div className="search-progress" data-testid="search-progress">
      <ProgressBar label={label} value={p?.done ?? 0} max={p?.total ?? null} />
      <button
        type="button"
        className="button"
        onClick={() => void store.getState().cancelSearch()}
        data-testid="search-cancel"
      >
        {t('ui.search.stop')}
      </button>
    </div>
  );
}

function ResultRow({ match }: { match: SearchMatch }) {
  const { t } = useTranslation();
  const store = useKairnStore();
  const home = useKairn(selectHomePath);
  const now = useNow();
  const date = parseDate(match.date);
  const shownFolder = placeOf(home, dirname(match.path)) ?? t('ui.browser.home');
  // Snapshot 0 is the file as it is now: its newest copy is the current file, not a date.
  const newest =
    match.snapshot === 0
      ? t('ui.search.newestNow')
      : date
        ? t('ui.search.newest', { when: formatDayTime(date, now, userLocale()) })
        : '';
  const kind = visualKind(basename(match.path), match.kind);
  return (
    <li>
      <button
        type="button"
        className="result"
        onClick={() => store.getState().chooseMatch(match)}
        data-testid="search-result"
        data-path={match.path}
      >
        <Icon name={iconFor(kind)} className={`kind kind-${kind}`} />
        <span className="result-main">
          <span className="result-name">{basename(match.path)}</span>
          <span className="muted small">{shownFolder}</span>
        </span>
        <span className="result-meta">
          {match.deletedSince && (
            <span className="badge badge-deleted">{t('ui.search.deleted')}</span>
          )}
          <span className="muted small" data-testid="search-result-newest">
            {newest}
          </span>
        </span>
      </button>
    </li>
  );
}

/** Matches streaming in while the search runs; choosing one jumps to it. */
export function SearchResults() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const search = useKairn((s) => s.search);
  const start = useKairn((s) => s.searchStart);
  const showHidden = useKairn((s) => s.showHidden);
  const home = useKairn((s) => s.home.data);
  // Matches inside dot folders (.cache, .config) are left out unless hidden files are shown.
  const matches =
    showHidden || !home
      ? search.matches
      : search.matches.filter(
          (m) =>
            !isHiddenPath(home.home, toLivePath(m.path, home.home, home.config?.subvolume ?? null)),
        );
  const hidden = search.matches.length - matches.length;
  return (
    <section
      className="search-results"
      aria-label={t('ui.search.resultsLabel', { query: search.query })}
      data-testid="search-results"
    >
      <div className="view-bar">
        <h2 className="panel-title">{t('ui.search.resultsTitle', { query: search.query })}</h2>
        <button
          type="button"
          className="button flat"
          onClick={() => store.getState().closeSearch()}
          data-testid="search-close"
        >
          <Icon name="close" size={16} /> {t('ui.search.close')}
        </button>
      </div>
      {start.status === 'loading' && <Busy label={t('ui.search.starting')} />}
      {start.error && <ErrorNotice error={start.error} />}
      <SearchProgress />
      {search.error && search.state === 'failed' && <ErrorNotice error={search.error} />}
      <p className="muted" role="status" data-testid="search-summary">
        {search.state === 'running' || search.state === null
          ? ''
          : matches.length === 0 && hidden > 0
            ? t('ui.search.onlyHidden', { count: hidden })
            : matches.length === 0
              ? t(search.state === 'cancelled' ? 'ui.search.stoppedNone' : 'ui.search.none')
              : t(search.state === 'cancelled' ? 'ui.search.stopped' : 'ui.search.found', {
                  count: matches.length,
                })}
        {search.capped ? ` ${t('ui.search.capped')}` : ''}
      </p>
      {hidden > 0 && (
        <div className="view-bar" data-testid="search-hidden">
          {matches.length > 0 && (
            <p className="muted small">{t('ui.search.hiddenMore', { count: hidden })}</p>
          )}
          <ShowHiddenSwitch />
        </div>
      )}
      <ul className="result-list">
        {matches.slice(0, SHOWN).map((match) => (
          <ResultRow key={match.path} match={match} />
        ))}
      </ul>
      {matches.length > SHOWN && (
        <p className="muted small">{t('ui.search.moreThanShown', { count: SHOWN })}</p>
      )}
    </section>
  );
}
