import type { Status } from '../../../shared/schemas/status';
import { JSON_OPTION, type Command } from '../command';
import { formatDate, table, toJson } from '../format';

function restartLine(restart: Status['restart']): string {
  if (restart.scheduled) return `scheduled for ${formatDate(restart.scheduled.at)}`;
  if (restart.required) return `needed (${restart.reasons.join(', ')})`;
  return restart.checked
    ? 'not needed'
    : 'not checked yet (no restart flag this system family sets)';
}

function snapperLine(status: Status): string {
  if (!status.snapper.available) return 'not installed or not running';
  if (status.snapper.problem !== null)
    return `cannot read its settings (${status.snapper.problem})`;
  const configs = status.snapper.configs.map((c) => `${c.name} (${c.subvolume})`);
  return configs.length > 0 ? configs.join(', ') : 'no configurations';
}

/** Human summary of status.get: a few labelled lines. */
export function formatStatus(status: Status): string {
  return table([
    ['System:', `${status.familyLabel} (${status.family})`],
    ['Snapper:', snapperLine(status)],
    [
      'Home:',
      `${status.home.path}${status.home.config ? `, history in "${status.home.config}"` : ', no file history'}`,
    ],
    ['Restart:', restartLine(status.restart)],
    ...(status.demo ? [['Mode:', 'demo (simulated services)']] : []),
  ]);
}

/** kairn status [--json] */
export const statusCommand: Command = {
  name: 'status',
  summary: 'Which system this is, its snapshot settings and restart state',
  usage: 'kairn status [--json]',
  options: { ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const status = await withApi(({ client }) => client.call('status.get', {}));
    io.stdout(values.json === true ? toJson(status) : formatStatus(status));
  },
};
