import { KairnError } from '../errors';
import type { RestorePointsPort, Unavailable } from '../ports/restore-points';

/**
 * The restore points of a family Kairn cannot read (yet): every question gets the same plain
 * reason, so the view and the CLI say "not available here" instead of failing.
 */
export class UnavailableRestorePoints implements RestorePointsPort {
  readonly cancellable = false;
  private readonly why: Unavailable;

  constructor(reason: string, detail: string | null = null) {
    this.why = { reason, detail };
  }

  listUnavailable(): Promise<Unavailable> {
    return Promise.resolve(this.why);
  }

  goBackUnavailable(): Promise<Unavailable> {
    return Promise.resolve(this.why);
  }

  keepUnavailable(): Promise<Unavailable> {
    return Promise.resolve(this.why);
  }

  list(): Promise<never> {
    return Promise.reject(this.error());
  }

  boot(): Promise<{ running: null; nextStart: null }> {
    return Promise.resolve({ running: null, nextStart: null });
  }

  changes(): Promise<never> {
    return Promise.reject(this.error());
  }

  goBack(): Promise<never> {
    return Promise.reject(this.error());
  }

  keep(): Promise<never> {
    return Promise.reject(this.error());
  }

  private error(): KairnError {
    return new KairnError('not-yet-available', {
      reason: this.why.reason,
      detail: this.why.detail ?? undefined,
    });
  }
}
