import { resolve } from 'node:path';

import type { Versions } from '../../../shared/schemas/files';
import { checkParams, JSON_OPTION, stringOption, type Command } from '../command';
import { formatDate, formatSize, table, toJson } from '../format';
import { CONFIG_OPTION, configFor } from './config';

/** Human list of distinct versions, oldest first. */
export function formatVersions(versions: Versions): string {
  if (versions.versions.length === 0) return `No saved versions of ${versions.path}.\n`;
  const rows = versions.versions.map((v) => [
    String(v.snapshot),
    formatDate(v.date),
    formatSize(v.size),
    v.sameAsCurrent ? 'same as now' : '',
  ]);
  const now = versions.current.exists
    ? `Now: ${formatSize(versions.current.size)}`
    : 'Now: deleted';
  return table([['Snapshot', 'Date', 'Size', ''], ...rows]) + `${now}\n`;
}

/** kairn history --path FILE [--config NAME] [--json] */
export const historyCommand: Command = {
  name: 'history',
  summary: 'The distinct saved versions of one file, oldest first',
  usage: 'kairn history --path FILE [--config NAME] [--json]',
  options: { ...CONFIG_OPTION, path: { type: 'string' }, ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const path = resolve(stringOption(values, 'path', true));
    const given = stringOption(values, 'config');
    const flags = { config: '--config', path: '--path' };
    checkParams(
      'files.versions',
      { config: given, path },
      flags,
      given === undefined ? ['config'] : [],
    );
    const versions = await withApi(async ({ client }) =>
      client.call('files.versions', { config: await configFor(client, values), path }),
    );
    io.stdout(values.json === true ? toJson(versions.versions) : formatVersions(versions));
  },
};
