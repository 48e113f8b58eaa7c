import type { IconName } from '../components/Icon';

/** The areas of the app; the troubleshooting hub is home. */
export type RouteId = 'home' | 'recover' | 'restore-points' | 'editions' | 'updates' | 'help';

export interface RouteInfo {
  id: RouteId;
  hash: string;
  /** i18n key of the area's name. */
  labelKey: string;
  icon: IconName;
}

export const ROUTES: readonly RouteInfo[] = [
  { id: 'home', hash: '#/', labelKey: 'ui.nav.home', icon: 'home' },
  { id: 'recover', hash: '#/recover', labelKey: 'ui.nav.recover', icon: 'recover' },
  {
    id: 'restore-points',
    hash: '#/restore-points',
    labelKey: 'ui.nav.restorePoints',
    icon: 'restorePoints',
  },
  { id: 'editions', hash: '#/editions', labelKey: 'ui.nav.editions', icon: 'editions' },
  { id: 'updates', hash: '#/updates', labelKey: 'ui.nav.updates', icon: 'updates' },
  { id: 'help', hash: '#/help', labelKey: 'ui.nav.help', icon: 'help' },
];

/** `#/recover` → 'recover'; anything unknown is the hub. */
export function routeFromHash(hash: string): RouteId {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  const normalized = path === '' || path === '/' ? '#/' : `#${path.replace(/\/+$/, '')}`;
  return ROUTES.find((route) => route.hash === normalized)?.id ?? 'home';
}
