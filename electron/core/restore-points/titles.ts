import type { RestorePointInfo } from '../ports/restore-points';

/** A plain English title for the CLI and logs; the view builds its own, translated, from `kind`. */
export function plainTitle(info: Pick<RestorePointInfo, 'kind' | 'description'>): string {
  switch (info.kind) {
    case 'update':
      return 'System update';
    case 'rollback-backup':
      return 'Saved before going back';
    case 'named':
      return info.description;
    case 'change':
      return info.description === '' ? 'System change' : `System change: ${info.description}`;
    default:
      return info.description === '' ? 'Restore point' : info.description;
  }
}
