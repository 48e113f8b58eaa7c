import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

import de from '../../../shared/i18n/de.json';
import en from '../../../shared/i18n/en.json';
import { pickLanguage, pickLocale, type UiLanguage } from './locale';

let locale = 'en';

/** The user's locale for Intl formatting (set once at start). */
export function userLocale(): string {
  return locale;
}

/** Sets up translations from the browser's language list; English is the fallback for missing keys. */
export async function initI18n(preferred: readonly string[]): Promise<UiLanguage> {
  const language = pickLanguage(preferred);
  locale = pickLocale(preferred, language);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, de: { translation: de } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already.
    returnNull: false,
  });
  document.documentElement.lang = language;
  return language;
}
