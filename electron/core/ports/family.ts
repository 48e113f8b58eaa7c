import type { SystemFacts } from '../family/probe';
import type { RestorePointsPort } from './restore-points';

/** The adapters one system family answers the core's capability ports with. */
export interface FamilyAdapters {
  restorePoints: RestorePointsPort;
}

/** The family table: detection's facts in, this machine's adapters out (backends/family-table.ts). */
export type ChooseAdapters = (facts: SystemFacts) => FamilyAdapters;
