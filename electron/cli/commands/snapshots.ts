import type { Snapshot } from '../../../shared/schemas/snapshots';
import { checkParams, JSON_OPTION, stringOption, type Command } from '../command';
import { formatDate, table, toJson } from '../format';
import { CONFIG_OPTION, configFor } from './config';

/** Human list: number, date, type, description. */
export function formatSnapshots(config: string, snapshots: Snapshot[]): string {
  if (snapshots.length === 0) return `No snapshots in "${config}" yet.\n`;
  const rows = snapshots.map((s) => [
    String(s.number),
    formatDate(s.date),
    s.type,
    s.important ? `${s.description} (kept)` : s.description,
  ]);
  return table([['#', 'Date', 'Type', 'Description'], ...rows]);
}

/** kairn snapshots [--config NAME] [--json] */
export const snapshotsCommand: Command = {
  name: 'snapshots',
  summary: 'List the snapshots of a snapper config (default: the home history)',
  usage: 'kairn snapshots [--config NAME] [--json]',
  options: { ...CONFIG_OPTION, ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const given = stringOption(values, 'config');
    if (given !== undefined)
      checkParams('snapshots.list', { config: given }, { config: '--config' });
    const [config, snapshots] = await withApi(async ({ client }) => {
      const name = await configFor(client, values);
      return [name, await client.call('snapshots.list', { config: name })] as const;
    });
    io.stdout(values.json === true ? toJson(snapshots) : formatSnapshots(config, snapshots));
  },
};
