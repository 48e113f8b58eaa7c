import type { Cadence, Risk } from '../../../shared/schemas/editions';
import type { Unavailable } from './restore-points';

/** One edition as an adapter knows it (what is in use and starts next is told apart by id). */
export interface EditionChoice {
  id: string;
  name: string;
  kind: 'channel' | 'release' | 'dated';
  cadence: Cadence;
  risk: Risk;
  major: boolean;
  advanced: boolean;
  /** What the backend switches to: the full image reference or ostree refspec. */
  ref: string;
}

/** What an adapter reads of this system's editions. */
export interface EditionsFacts {
  system: string;
  /** null when switching is possible here; else why not. */
  switching: Unavailable | null;
  current: EditionChoice | null;
  nextStart: EditionChoice | null;
  /** Every edition that can be chosen, the current one included. */
  available: EditionChoice[];
  notPublished: string[];
  /** The next start uses another system build than the running one (a staged switch or update). */
  restartPending: boolean;
  technical: Record<string, string>;
}

export interface EditionPreviewFacts {
  packages: { added: string[]; updated: string[]; removed: string[] } | null;
  packagesWhy: string | null;
  downloadBytes: number | null;
  technical: Record<string, string>;
}

/** One step of a running switch: percent, the backend's words, bytes downloaded so far. */
export interface SwitchProgress {
  percent: number;
  text: string | null;
  bytes: number | null;
}

/** What the core needs to show and switch the editions of this system (one adapter per family). */
export interface EditionsPort {
  read(signal?: AbortSignal): Promise<EditionsFacts>;
  preview(target: EditionChoice, signal?: AbortSignal): Promise<EditionPreviewFacts>;
  /** Makes `target` the edition of the next start; resolves once the backend says it is done. */
  switchTo(
    target: EditionChoice,
    signal: AbortSignal,
    progress: (step: SwitchProgress) => void,
  ): Promise<void>;
}
