import type { FamilyAdapters } from '../../electron/core/ports/family';
import { NO_RESTART_DETECTION, UnavailableUpdates } from '../../electron/core/updates/unavailable';

/** For tests of other areas: a family with no restart detection of its own and no updates. */
export function noUpdates(): Pick<FamilyAdapters, 'restartDetection' | 'updates'> {
  return {
    restartDetection: NO_RESTART_DETECTION,
    updates: new UnavailableUpdates('updates-none'),
  };
}
