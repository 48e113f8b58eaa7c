import type { TFunction } from 'i18next';

import type { RestorePoint } from '../../../../shared/schemas/restore-points';

/**
 * A restore point's title in the person's language, from its kind. Named points carry the
 * person's own words; the backend's words (e.g. "zypp(zypper)") stay behind Details.
 */
export function pointTitle(
  point: Pick<RestorePoint, 'kind' | 'description'>,
  t: TFunction,
): string {
  if (point.kind === 'named' && point.description.trim() !== '') return point.description;
  return t(`ui.restorePoints.kind.${point.kind}`);
}
