import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

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
  // Only the language shown is loaded with the page (English is also the fallback): German
  // is its own chunk, so an English desktop does not parse it before the hub shows.
  const resources: Record<string, { translation: object }> = { en: { translation: en } };
  if (language === 'de')
    resources.de = { translation: (await import('../../../shared/i18n/de.json')).default };
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already.
    returnNull: false,
  });
  document.documentElement.lang = language;
  return language;
}
