import type { SystemFacts } from '../family/probe';
import type { EditionsPort } from './editions';
import type { RestartDetectionPort } from './restart-detection';
import type { RestorePointsPort } from './restore-points';
import type { UpdatesPort } from './updates';

/** The adapters one system family answers the core's capability ports with. */
export interface FamilyAdapters {
  restorePoints: RestorePointsPort;
  /** Editions (release channels); without one the core says none are published. */
  editions?: EditionsPort | undefined;
  /** How this system says it waits for a restart (reference §1.10, §2.6, §4.7, §5.3). */
  restartDetection: RestartDetectionPort;
  updates: UpdatesPort;
}

/** The family table: detection's facts in, this machine's adapters out (backends/family-table.ts). */
export type ChooseAdapters = (facts: SystemFacts) => FamilyAdapters;
