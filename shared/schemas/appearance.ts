import { z } from 'zod';

/**
 * The desktop's colour scheme as the XDG desktop portal states it
 * (org.freedesktop.appearance color-scheme: 0 no preference, 1 dark, 2 light).
 * 'unknown': no portal answered, so the UI follows the browser's prefers-color-scheme.
 */
export const ColorScheme = z.enum(['dark', 'light', 'no-preference', 'unknown']);
export type ColorScheme = z.output<typeof ColorScheme>;

export const Appearance = z.object({ colorScheme: ColorScheme }).strict();
export type Appearance = z.output<typeof Appearance>;
