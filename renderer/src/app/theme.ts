import type { KairnClient } from '../../../shared/api/client';
import type { ColorScheme } from '../../../shared/schemas/appearance';

export type Theme = 'light' | 'dark';

/** The desktop's stated choice wins; without one (no portal, or no preference) the browser's. */
export function themeFor(scheme: ColorScheme, systemDark: boolean): Theme {
  if (scheme === 'dark' || scheme === 'light') return scheme;
  return systemDark ? 'dark' : 'light';
}

/** Where the theme goes and what the browser itself thinks (the page, in the app). */
export interface ThemeTarget {
  apply(theme: Theme): void;
  systemDark(): boolean;
  onSystemChange(listener: () => void): () => void;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The page: `<html data-theme>` picks the palette in base.css; color-scheme styles native controls. */
export function documentTarget(): ThemeTarget {
  return {
    apply(theme) {
      document.documentElement.dataset.theme = theme;
      document.documentElement.style.colorScheme = theme;
    },
    systemDark: () => window.matchMedia(DARK_QUERY).matches,
    onSystemChange(listener) {
      const query = window.matchMedia(DARK_QUERY);
      query.addEventListener('change', listener);
      return () => query.removeEventListener('change', listener);
    },
  };
}

/**
 * Light or dark as the desktop says: the XDG portal's colour scheme through the core
 * (appearance.get, then appearance.changed), because Chromium's own guess is often wrong on
 * KDE; prefers-color-scheme until (and unless) the portal answers. Applies a theme at once.
 */
export function followDesktopTheme(client: KairnClient, target: ThemeTarget): () => void {
  let scheme: ColorScheme = 'unknown';
  let changed = false;
  const update = (): void => target.apply(themeFor(scheme, target.systemDark()));
  update();
  const offEvent = client.on('appearance.changed', (appearance) => {
    changed = true; // Newer than whatever appearance.get is still bringing.
    scheme = appearance.colorScheme;
    update();
  });
  const offSystem = target.onSystemChange(update);
  client.call('appearance.get', {}).then(
    (appearance) => {
      if (changed) return;
      scheme = appearance.colorScheme;
      update();
    },
    () => {
      // A host without the method: keep following the browser.
    },
  );
  return () => {
    offEvent();
    offSystem();
  };
}
