import type { SystemFacts } from '../family/probe';
import type { EditionsPort } from './editions';
import type { RestorePointsPort } from './restore-points';

/** The adapters one system family answers the core's capability ports with. */
export interface FamilyAdapters {
  restorePoints: RestorePointsPort;
  /** Editions (release channels); without one the core says none are published. */
  editions?: EditionsPort | undefined;
}

/** The family table: detection's facts in, this machine's adapters out (backends/family-table.ts). */
export type ChooseAdapters = (facts: SystemFacts) => FamilyAdapters;
