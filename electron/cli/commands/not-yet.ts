import { KairnError } from '../../core/errors';
import type { Command } from '../command';

/** A command whose issue has not landed: says so and exits non-zero. */
function notYet(name: string, summary: string): Command {
  return {
    name,
    summary,
    usage: `kairn ${name}`,
    options: {},
    strict: false,
    run: () =>
      Promise.reject(
        new KairnError('not-yet-available', { reason: 'command-not-yet-available', detail: name }),
      ),
  };
}

/** kairn reboot (status|schedule|cancel) — a later issue. */
export const rebootCommand = notYet(
  'reboot',
  'Restart state, and schedule or cancel a restart (not yet available)',
);
/** kairn notifier — the background watcher, a later issue. */
export const notifierCommand = notYet(
  'notifier',
  'Background watcher that notifies about restarts (not yet available)',
);
