import type { SnapperPort } from './snapper';

/**
 * File history (Recover files): snapshots of the person's folders. Snapper answers it on every
 * family today (home configs); the port keeps its snapper-shaped calls because that is what
 * Recover files was built on.
 */
export type FileHistoryPort = SnapperPort;
