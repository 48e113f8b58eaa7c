import { KairnError } from '../errors';
import type { FailedUnit, SystemdPort } from '../ports/systemd';
import { say, type Check } from './types';

/** A unit in words: its description where it has one, else its name. */
export function unitLabel(unit: FailedUnit): string {
  return unit.description.trim() || unit.name;
}

/** Failed system services (systemd); fix: restart them, offered only where polkit already allows it. */
export function failedServicesCheck(systemd: SystemdPort): Check {
  return {
    id: 'failed-services',
    async run(signal) {
      let units: FailedUnit[];
      try {
        units = await systemd.failedUnits(signal);
      } catch (err) {
        if (err instanceof KairnError && err.code === 'service-missing')
          return {
            state: 'unknown',
            words: say('failed-services.missing'),
            details: [`org.freedesktop.systemd1: ${err.detail ?? err.code}`],
          };
        throw err;
      }
      if (units.length === 0)
        return {
          state: 'ok',
          words: say('failed-services.ok'),
          details: ['no unit is in the failed state'],
        };
      const details = units.map(
        (u) =>
          `${u.name}: ${u.activeState}/${u.subState} (load ${u.loadState})${u.description ? ` — ${u.description}` : ''}`,
      );
      const names = units.slice(0, 3).map(unitLabel).join(', ');
      const allowed = await systemd.mayRestartUnits(signal).catch(() => false);
      details.push(
        `polkit org.freedesktop.systemd1.manage-units: ${allowed ? 'allowed' : 'not allowed without an administrator'}`,
      );
      const words = say('failed-services.failed', { count: units.length, names });
      return allowed
        ? { state: 'attention', words, details, fix: 'restart-service' }
        : { state: 'attention', words, details };
    },
    fixes: [
      {
        id: 'restart-service',
        async run(signal) {
          // The list is read again: only what has failed now is restarted, never a name from outside.
          const units = await systemd.failedUnits(signal);
          for (const unit of units) {
            try {
              await systemd.restartUnit(unit.name, signal);
            } catch (err) {
              if (err instanceof KairnError && err.code === 'access-denied')
                throw new KairnError('access-denied', {
                  reason: 'restart-unit-refused',
                  detail: `${unit.name}: ${err.detail ?? ''}`,
                  cause: err,
                });
              throw err;
            }
          }
        },
      },
    ],
  };
}
