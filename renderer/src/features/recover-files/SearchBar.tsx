import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Icon } from '../../components/Icon';
import { useKairnStore } from '../../store/context';

/** "Find a file in its history": searches every point in time by name. */
export function SearchBar() {
  const { t } = useTranslation();
  const store = useKairnStore();
  const [query, setQuery] = useState('');
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (query.trim()) void store.getState().startSearch(query);
  };
  return (
    <form className="search-bar" role="search" onSubmit={submit}>
      <label className="search-field">
        <Icon name="search" size={18} />
        <span className="sr-only">{t('ui.search.label')}</span>
        <input
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('ui.search.placeholder')}
          maxLength={255}
          data-testid="search-box"
        />
      </label>
      <button type="submit" className="button" disabled={!query.trim()} data-testid="search-submit">
        {t('ui.search.submit')}
      </button>
    </form>
  );
}
