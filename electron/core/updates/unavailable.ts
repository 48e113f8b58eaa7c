import { KairnError } from '../errors';
import type { RestartDetectionPort, RestartFindings } from '../ports/restart-detection';
import type { Unavailable } from '../ports/restore-points';
import type { SystemUpdateRecord, UpdatesPort } from '../ports/updates';

/**
 * Updates where the family offers no D-Bus call Kairn may use to check or prepare: every
 * question gets the same plain reason; what the system recorded can still be shown.
 */
export class UnavailableUpdates implements UpdatesPort {
  readonly cancellable = false;
  private readonly why: Unavailable;

  constructor(
    reason: string,
    detail: string | null = null,
    private readonly last: (signal?: AbortSignal) => Promise<SystemUpdateRecord | null> = () =>
      Promise.resolve(null),
  ) {
    this.why = { reason, detail };
  }

  checkUnavailable(): Promise<Unavailable> {
    return Promise.resolve(this.why);
  }

  prepareUnavailable(): Promise<Unavailable> {
    return Promise.resolve(this.why);
  }

  check(): Promise<never> {
    return Promise.reject(this.error());
  }

  prepare(): Promise<never> {
    return Promise.reject(this.error());
  }

  lastFromSystem(signal?: AbortSignal): Promise<SystemUpdateRecord | null> {
    return this.last(signal);
  }

  private error(): KairnError {
    return new KairnError('not-yet-available', {
      reason: this.why.reason,
      detail: this.why.detail ?? undefined,
    });
  }
}

/** A family that leaves no restart signal of its own: only the generic flag file counts. */
export const NO_RESTART_DETECTION: RestartDetectionPort = {
  detect: (): Promise<RestartFindings> => Promise.resolve({ checked: false, evidence: [] }),
};
