/** The languages Kairn is translated into; everything else falls back to English. */
export type UiLanguage = 'en' | 'de';

/** The first of the user's languages Kairn speaks. */
export function pickLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'en';
}

/** The user's locale for dates, times and numbers (e.g. de-AT): the first one in the UI language, validated by Intl. */
export function pickLocale(
  preferred: readonly string[],
  language: UiLanguage = pickLanguage(preferred),
): string {
  const matching = preferred.filter((tag) => tag.toLowerCase().split('-')[0] === language);
  for (const tag of [...matching, ...preferred]) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // An invalid tag is skipped.
    }
  }
  return 'en';
}
