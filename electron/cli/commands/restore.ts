import { resolve } from 'node:path';

import type { RestoreMode, RestoreResult } from '../../../shared/schemas/jobs';
import {
  checkParams,
  integerOption,
  JSON_OPTION,
  stringOption,
  UsageError,
  type Command,
  type OptionValues,
} from '../command';
import { formatSize, toJson } from '../format';
import { callJob, jobFailure } from '../jobs';
import { CONFIG_OPTION, configFor } from './config';
import { progressLine } from './progress';

const MODES: readonly RestoreMode[] = ['keep-both', 'replace', 'to'];

/** Which flag fed which restore.start param (for the one-line message on bad input). */
const FLAGS = {
  config: '--config',
  snapshot: '--snapshot',
  paths: '--path',
  mode: '--mode',
  dest: '--dest',
};

function modeOf(values: OptionValues): RestoreMode {
  const mode = stringOption(values, 'mode') ?? 'keep-both';
  const found = MODES.find((m) => m === mode);
  if (found === undefined) throw new UsageError('--mode must be keep-both, replace or to');
  return found;
}

/** Human summary of a finished restore. */
export function formatRestore(result: RestoreResult): string {
  const lines = result.restored.map((path) => `Restored: ${path}`);
  for (const aside of result.keptAside)
    lines.push(`Moved aside: ${aside.path} -> ${aside.movedTo}`);
  lines.push(
    `${result.files} file(s), ${formatSize(result.bytes)}${result.cloned ? ' (shared copy)' : ''}`,
  );
  if (result.undoId) lines.push(`Undo id: ${result.undoId}`);
  return `${lines.join('\n')}\n`;
}

/** kairn restore --snapshot N --path FILE [--config NAME] [--mode keep-both|replace|to] [--dest DIR] [--json] */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Bring a file or folder back from a snapshot (keeps both by default)',
  usage:
    'kairn restore --snapshot N --path FILE [--config NAME] [--mode keep-both|replace|to] [--dest DIR] [--json]',
  options: {
    ...CONFIG_OPTION,
    snapshot: { type: 'string' },
    path: { type: 'string' },
    mode: { type: 'string' },
    dest: { type: 'string' },
    ...JSON_OPTION,
  },
  async run({ values, io, withApi }) {
    const snapshot = integerOption(values, 'snapshot', true) ?? 0;
    const path = resolve(stringOption(values, 'path', true));
    const mode = modeOf(values);
    const destFlag = stringOption(values, 'dest');
    if ((mode === 'to') !== (destFlag !== undefined)) {
      throw new UsageError('--dest DIR goes with --mode to (and only with it)');
    }
    const dest = destFlag === undefined ? {} : { dest: resolve(destFlag) };
    const given = stringOption(values, 'config');
    const params = { snapshot, paths: [path], mode, ...dest };
    checkParams(
      'restore.start',
      { ...params, config: given },
      FLAGS,
      given === undefined ? ['config'] : [],
    );
    const finished = await withApi(async ({ client, transport }) => {
      const config = await configFor(client, values);
      const end = await callJob(
        transport,
        'restore.start',
        { ...params, config },
        {
          onProgress: (p) => {
            if (io.stderrIsTTY) io.stderr(progressLine(p));
          },
        },
      );
      if (io.stderrIsTTY) io.stderr('\r\x1b[K');
      return end;
    });
    if (finished.kind !== 'restore' || finished.state !== 'done' || finished.result === null) {
      throw jobFailure(finished);
    }
    io.stdout(values.json === true ? toJson(finished.result) : formatRestore(finished.result));
  },
};
