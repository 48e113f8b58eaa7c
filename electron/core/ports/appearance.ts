import type { ColorScheme } from '../../../shared/schemas/appearance';

/** The desktop's light/dark preference (the XDG desktop portal's Settings on the session bus). */
export interface AppearancePort {
  /** 'unknown' when no portal answers (none running, or too old to know the setting). */
  colorScheme(): Promise<ColorScheme>;
  /** Calls `listener` whenever the desktop switches; returns the unsubscribe. */
  watch(listener: (scheme: ColorScheme) => void): () => void;
}
