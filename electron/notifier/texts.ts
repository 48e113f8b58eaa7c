import de from '../../shared/i18n/de.json';
import en from '../../shared/i18n/en.json';

type Key = keyof typeof en.notifier;

/** The notifier's words in the session's language (LC_ALL > LC_MESSAGES > LANG), English otherwise. */
export function notifierTexts(
  env: NodeJS.ProcessEnv = process.env,
): (key: Key, vars?: Record<string, string | number>) => string {
  const lang = (env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en').toLowerCase();
  const table: Record<Key, string> = lang.startsWith('de') ? de.notifier : en.notifier;
  return (key, vars = {}) =>
    table[key].replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(vars[name] ?? ''));
}

/** "03:00" in the person's locale. */
export function clockTime(iso: string, env: NodeJS.ProcessEnv = process.env): string {
  const lang =
    (env.LC_ALL || env.LC_MESSAGES || env.LANG || 'en').split(/[._@]/)[0]?.replace('_', '-') ||
    'en';
  try {
    return new Date(iso).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
  } catch {
    return new Date(iso).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
  }
}
